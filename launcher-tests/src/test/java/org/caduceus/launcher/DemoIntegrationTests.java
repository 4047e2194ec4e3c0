package org.caduceus.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./caduceus demo} end to end: two real nodes, peered, one incident escalated from
 * one to the other over signed federation and accepted there, TLP:RED stopped at the
 * border, contact cards exchanged sealed with OpenPGP; nothing left running afterwards.
 */
class DemoIntegrationTests {

	@Test
	void walksAnIncidentAcrossTheBorderAndCleansUp() throws Exception {
		Launcher.Result demo = Launcher.run("demo", "--port", "28280");
		assertThat(demo.exit()).as(demo.output()).isZero();
		assertThat(demo.output()).contains("[4/10] it arrives: ACKNOWLEDGED back on demo-nl")
			.contains("[7/10] ACCEPTED shows back on demo-nl")
			.contains("[QUEUED, DELIVERED, ACKNOWLEDGED, ACCEPTED]")
			.contains("tlp-red-never-leaves")
			.contains("demo-de holds the 24/7 number of demo-nl")
			.contains("cert-be got [[domain-name:value = 'clinic-login.example']]")
			.contains("the AMBER incident was refused (tlp-not-allowed)")
			.contains("demo: every step passed")
			.doesNotContain("FAILED");
		assertThat(Launcher.anyProcessOf("demo-nl")).isFalse();
		assertThat(Launcher.anyProcessOf("demo-de")).isFalse();
	}

}
