package org.caduceus.intake.observable;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any observable a partner or an analyst sends (defanged, mixed case, padded, or nothing
 * like one) is normalised or refused as invalid, never with another exception; and a
 * normalised observable normalises to itself, so correlation finds it again.
 */
class ObservableFuzzTests {

	@FuzzTest(maxDuration = "10s")
	void anyObservableIsNormalisedOnceOrRefused(FuzzedDataProvider data) {
		String type = data.consumeBoolean() ? data.pickValue(ObservableType.values()).code() : data.consumeString(12);
		String value = data.consumeRemainingAsString();
		Observable observable;
		try {
			observable = Observable.of(type, value);
		}
		catch (InvalidObservable refused) {
			assertThat(refused.getMessage()).isNotBlank();
			return;
		}
		assertThat(Observable.of(observable.type().code(), observable.value())).isEqualTo(observable);
	}

}
