package org.caduceus.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, visibly and with the reason, tests that need a real MongoDB when none is there.
 */
final class RealMongoCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		TestStore store = TestStore.get();
		if (store.kind().isRealMongo()) {
			return ConditionEvaluationResult.enabled("real MongoDB: " + store.kind());
		}
		String reason = "SKIPPED: needs a real MongoDB; Docker is not available and CADUCEUS_TEST_MONGODB_URI is not set"
				+ " (this run uses the embedded store)";
		System.err.println("[caduceus-test-support] " + context.getDisplayName() + ": " + reason);
		return ConditionEvaluationResult.disabled(reason);
	}

}
