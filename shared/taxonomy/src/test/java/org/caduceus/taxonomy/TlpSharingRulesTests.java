package org.caduceus.taxonomy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlpSharingRulesTests {

	@Test
	void redAndAmberStrictNeverLeaveTheNode() {
		assertThat(Tlp.RED.mayLeaveNode()).isFalse();
		assertThat(Tlp.AMBER_STRICT.mayLeaveNode()).isFalse();
		assertThat(Tlp.RED.maySendTo(true)).isFalse();
		assertThat(Tlp.AMBER_STRICT.maySendTo(true)).isFalse();
	}

	@Test
	void amberGoesOnlyToNamedRecipients() {
		assertThat(Tlp.AMBER.mayLeaveNode()).isTrue();
		assertThat(Tlp.AMBER.maySendTo(true)).isTrue();
		assertThat(Tlp.AMBER.maySendTo(false)).isFalse();
	}

	@Test
	void greenAndClearGoToAnyPeer() {
		for (Tlp tlp : new Tlp[] { Tlp.GREEN, Tlp.CLEAR }) {
			assertThat(tlp.maySendTo(false)).isTrue();
			assertThat(tlp.maySendTo(true)).isTrue();
		}
	}

	@Test
	void ceilingsCompareByRestrictiveness() {
		assertThat(Tlp.GREEN.isWithin(Tlp.AMBER)).isTrue();
		assertThat(Tlp.AMBER.isWithin(Tlp.AMBER)).isTrue();
		assertThat(Tlp.AMBER.isWithin(Tlp.GREEN)).isFalse();
		assertThat(Tlp.RED.isMoreRestrictiveThan(Tlp.AMBER_STRICT)).isTrue();
		assertThat(Tlp.CLEAR.isMoreRestrictiveThan(Tlp.CLEAR)).isFalse();
	}

}
