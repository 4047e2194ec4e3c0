package org.caduceus.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.chaos.Api.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The run's table, as printed and as kept in a JSON file, and its verdict: nothing lost,
 * nothing duplicated, every escalation delivered once with one status on both sides,
 * every process seen down and healthy again, no client left hanging or shown a broken
 * answer; and, when asked for, the self-check seeing the loss it was built to cause.
 */
record Report(String run, long seconds, List<Faults.Fault> faults, Ledger ledger, Audit.Findings findings,
		SelfCheck.@Nullable Result selfCheck) {

	List<String> failures() {
		List<String> failures = new ArrayList<>();
		if (this.findings.lost() > 0) {
			failures.add(this.findings.lost() + " acknowledged writes lost");
		}
		if (this.findings.duplicated() > 0) {
			failures.add(this.findings.duplicated() + " acknowledged writes duplicated");
		}
		if (!this.findings.settled()) {
			failures.add("what the nodes owed each other was not delivered within the audit's wait");
		}
		if (this.findings.statusMismatches() > 0) {
			failures.add(this.findings.statusMismatches() + " escalations with another status on each side");
		}
		this.faults.stream()
			.filter((f) -> !f.seenDown() || !f.dependentsDown() || !f.upAgain())
			.forEach((f) -> failures.add(f.process() + " of " + f.node() + ": seen down " + f.seenDown()
					+ ", dependents down " + f.dependentsDown() + ", up again " + f.upAgain() + " " + f.detail()));
		if (this.ledger.answers(Kind.HANG) > 0) {
			failures.add(this.ledger.answers(Kind.HANG) + " requests left without an answer");
		}
		if (this.ledger.answers(Kind.BROKEN) > 0) {
			failures.add(this.ledger.answers(Kind.BROKEN) + " broken answers (a 500, no problem+json, a stack trace)");
		}
		if (this.selfCheck != null && !this.selfCheck.sawTheLoss()) {
			failures.add("self-check: " + this.selfCheck.acknowledged()
					+ " writes acknowledged from memory and none lost: the suite cannot see a loss");
		}
		return failures;
	}

	String table() {
		StringBuilder out = new StringBuilder();
		out.append(String.format("chaos run %s: %d faults in %d min %d s%n%n", this.run, this.faults.size(),
				this.seconds / 60, this.seconds % 60));
		out.append(
				"| process | faults injected (SIGKILL) | seen down | healthy again | restart to healthy p50 / p99 |\n");
		out.append("|---|---|---|---|---|\n");
		for (String process : Node.PROCESSES) {
			List<Faults.Fault> of = this.faults.stream().filter((f) -> f.process().equals(process)).toList();
			List<Long> times = of.stream().map(Faults.Fault::restartMillis).sorted().toList();
			out.append(String.format("| %s | %d | %d | %d | %s / %s |%n", process, of.size(),
					of.stream().filter(Faults.Fault::seenDown).count(),
					of.stream().filter(Faults.Fault::upAgain).count(), seconds(percentile(times, 50)),
					seconds(percentile(times, 99))));
		}
		List<Long> all = this.faults.stream().map(Faults.Fault::restartMillis).sorted().toList();
		out.append(String.format("| all | %d | %d | %d | %s / %s |%n%n", this.faults.size(),
				this.faults.stream().filter(Faults.Fault::seenDown).count(),
				this.faults.stream().filter(Faults.Fault::upAgain).count(), seconds(percentile(all, 50)),
				seconds(percentile(all, 99))));
		out.append("| writes | acknowledged | present once | lost | duplicated |\n|---|---|---|---|---|\n");
		this.findings.tallies()
			.forEach((what, t) -> out.append(String.format("| %s | %d | %d | %d | %d |%n", what, t.acknowledged(),
					t.once(), t.lost(), t.duplicated())));
		out.append(String.format("| all | %d | %d | %d | %d |%n%n", this.findings.acknowledged(),
				this.findings.tallies().values().stream().mapToLong(Audit.Tally::once).sum(), this.findings.lost(),
				this.findings.duplicated()));
		out.append(String.format(
				"escalations: %d acknowledged, %d delivered exactly once, %d duplicated, %d not delivered, "
						+ "%d with another status on each side; owed messages %s %.1f s after the load stopped%n",
				this.findings.tallies().get("escalations").acknowledged(), this.findings.escalationsDeliveredOnce(),
				this.findings.escalationsDuplicated(), this.findings.escalationsNotDelivered(),
				this.findings.statusMismatches(), this.findings.settled() ? "delivered" : "STILL NOT DELIVERED",
				this.findings.settleMillis() / 1000.0));
		out.append(String.format(
				"answers: %d success, %d refused by a rule (4xx), %d 'not now' problems %s, %d refused or cut "
						+ "connections (gateway down), %d hung, %d broken%n",
				this.ledger.answers(Kind.SUCCESS), this.ledger.answers(Kind.REFUSED),
				this.ledger.answers(Kind.UNAVAILABLE), this.ledger.unavailableByStatus(),
				this.ledger.answers(Kind.CLOSED), this.ledger.answers(Kind.HANG), this.ledger.answers(Kind.BROKEN)));
		if (this.selfCheck != null) {
			out.append(String.format(
					"self-check (intake writing with journal=false, its store killed under load): "
							+ "%d acknowledged from memory, %d lost: %s%n",
					this.selfCheck.acknowledged(), this.selfCheck.lost(),
					this.selfCheck.sawTheLoss() ? "the suite sees a loss" : "NOT SEEN"));
		}
		this.ledger.wrongAnswers().forEach((wrong) -> out.append("  wrong answer: ").append(wrong).append('\n'));
		this.findings.problems().forEach((problem) -> out.append("  finding: ").append(problem).append('\n'));
		List<String> failures = failures();
		out.append(failures.isEmpty() ? "chaos: PASSED\n" : "chaos: FAILED: " + String.join("; ", failures) + "\n");
		return out.toString();
	}

	void write(Path file) throws IOException {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("run", this.run);
		json.put("seconds", this.seconds);
		json.put("faults", this.faults);
		json.put("writes", this.findings.tallies());
		json.put("acknowledged", this.findings.acknowledged());
		json.put("lost", this.findings.lost());
		json.put("duplicated", this.findings.duplicated());
		json.put("escalationsAcknowledged", this.findings.tallies().get("escalations").acknowledged());
		json.put("escalationsDeliveredOnce", this.findings.escalationsDeliveredOnce());
		json.put("escalationsDuplicated", this.findings.escalationsDuplicated());
		json.put("escalationsNotDelivered", this.findings.escalationsNotDelivered());
		json.put("statusMismatches", this.findings.statusMismatches());
		Map<String, Object> answers = new LinkedHashMap<>();
		for (Kind kind : Kind.values()) {
			answers.put(kind.name().toLowerCase(java.util.Locale.ROOT), this.ledger.answers(kind));
		}
		answers.put("unavailableByStatus", this.ledger.unavailableByStatus());
		json.put("answers", answers);
		json.put("selfCheck", this.selfCheck);
		json.put("failures", failures());
		json.put("problems", this.findings.problems());
		Files.writeString(file, Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
	}

	static long percentile(List<Long> sorted, int p) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, rank - 1));
	}

	private static String seconds(long millis) {
		return String.format("%.1f s", millis / 1000.0);
	}

}
