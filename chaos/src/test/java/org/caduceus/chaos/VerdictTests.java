package org.caduceus.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.chaos.Api.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's verdict without nodes: how answers are sorted, and that a loss, a copy, a
 * hang, a broken answer or a process that did not come back each fail the run.
 */
class VerdictTests {

	private static final String PROBLEM = "application/problem+json";

	@Test
	void answersAreSortedByWhatTheyMeanForTheClient() {
		assertThat(Api.classify(201, "application/json", "{\"id\":\"x\"}").kind()).isEqualTo(Kind.SUCCESS);
		assertThat(Api.classify(409, PROBLEM, "{\"type\":\"urn:caduceus:problem:tlp-red-never-leaves\"}").kind())
			.isEqualTo(Kind.REFUSED);
		for (int status : new int[] { 502, 503, 504, 507 }) {
			assertThat(Api.classify(status, PROBLEM, "{\"status\":" + status + "}").kind()).isEqualTo(Kind.UNAVAILABLE);
		}
		// a 503 that is no problem document, a 500, a stack trace in any error
		assertThat(Api.classify(503, "text/html", "<html>down</html>").kind()).isEqualTo(Kind.BROKEN);
		assertThat(Api.classify(500, PROBLEM, "{\"status\":500}").kind()).isEqualTo(Kind.BROKEN);
		assertThat(Api
			.classify(503, PROBLEM,
					"{\"detail\":\"org.springframework.dao.DataAccessResourceFailureException: Exception sending\"}")
			.kind()).isEqualTo(Kind.BROKEN);
		assertThat(Api.classify(400, PROBLEM, "{\"detail\":\"x\"}\n\tat org.caduceus.X.y(X.java:1)").kind())
			.isEqualTo(Kind.BROKEN);
	}

	@Test
	void aCleanRunPasses() {
		assertThat(report(tallies(0, 0), List.of(fault(true, true)), new Ledger()).failures()).isEmpty();
	}

	@Test
	void aLostOrDuplicatedWriteFailsTheRun() {
		assertThat(report(tallies(1, 0), List.of(fault(true, true)), new Ledger()).failures())
			.containsExactly("1 acknowledged writes lost");
		assertThat(report(tallies(0, 2), List.of(fault(true, true)), new Ledger()).failures())
			.containsExactly("2 acknowledged writes duplicated");
	}

	@Test
	void aHangABrokenAnswerOrAProcessThatDidNotComeBackFailsTheRun() {
		Ledger ledger = new Ledger();
		ledger.count("file", new Api.Outcome(Kind.HANG, 0, Api.JSON.createObjectNode(), "no answer"));
		ledger.count("file", Api.classify(500, PROBLEM, "{\"status\":500}"));
		List<String> failures = report(tallies(0, 0), List.of(fault(true, false)), ledger).failures();
		assertThat(failures).hasSize(3);
		assertThat(failures.get(0)).startsWith("intake of demo-nl: seen down true").contains("up again false");
		assertThat(failures).contains("1 requests left without an answer",
				"1 broken answers (a 500, no problem+json, a stack trace)");
	}

	@Test
	void aSelfCheckThatSeesNoLossFailsTheRun() {
		Report blind = new Report("r", 1, List.of(fault(true, true)), new Ledger(), findings(tallies(0, 0)),
				new SelfCheck.Result(40, 0));
		assertThat(blind.failures()).singleElement().asString().contains("the suite cannot see a loss");
		Report seeing = new Report("r", 1, List.of(fault(true, true)), new Ledger(), findings(tallies(0, 0)),
				new SelfCheck.Result(40, 7));
		assertThat(seeing.failures()).isEmpty();
		assertThat(seeing.table()).contains("40 acknowledged from memory, 7 lost: the suite sees a loss")
			.contains("chaos: PASSED");
	}

	@Test
	void messagesTheNodesStillOweEachOtherFailTheRun() {
		Audit.Findings unsettled = new Audit.Findings(tallies(0, 0), 3, 0, 0, 0, 180_000, false, List.of());
		Report report = new Report("r", 1, List.of(fault(true, true)), new Ledger(), unsettled, null);
		assertThat(report.failures())
			.containsExactly("what the nodes owed each other was not delivered within the audit's wait");
		assertThat(report.table()).contains("owed messages STILL NOT DELIVERED 180.0 s after the load stopped");
	}

	@Test
	void percentilesAreTakenByNearestRank() {
		assertThat(Report.percentile(List.of(1L, 2L, 3L, 4L), 50)).isEqualTo(2);
		assertThat(Report.percentile(List.of(1L, 2L, 3L, 4L), 99)).isEqualTo(4);
		assertThat(Report.percentile(List.of(), 99)).isZero();
	}

	private static Report report(Map<String, Audit.Tally> tallies, List<Faults.Fault> faults, Ledger ledger) {
		return new Report("r", 1, faults, ledger, findings(tallies), null);
	}

	private static Audit.Findings findings(Map<String, Audit.Tally> tallies) {
		return new Audit.Findings(tallies, 3, 0, 0, 0, 100, true, List.of());
	}

	private static Map<String, Audit.Tally> tallies(long lost, long duplicated) {
		Map<String, Audit.Tally> tallies = new LinkedHashMap<>();
		tallies.put("incidents filed", new Audit.Tally(10 + lost + duplicated, 10, lost, duplicated));
		tallies.put("escalations", new Audit.Tally(3, 3, 0, 0));
		return tallies;
	}

	private static Faults.Fault fault(boolean down, boolean up) {
		return new Faults.Fault("demo-nl", "intake", down, true, up, 12_000, up ? "" : "launcher exit 1: boom");
	}

}
