package org.caduceus.intake.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisclosureTests {

	@Test
	void aLoneSmallCellTakesTheNextSmallestWithItSoTheTotalDoesNotGiveItAway() {
		List<Disclosure.Shown> shown = Disclosure.breakdown(counts("a", 6, "b", 3, "c", 12, "d", 6));
		assertThat(shown).containsExactly(Disclosure.Shown.suppressed("a"), Disclosure.Shown.suppressed("b"),
				new Disclosure.Shown("c", 10L, false), new Disclosure.Shown("d", 5L, false));
	}

	@Test
	void zeroReadsAsASmallCountAndTwoSmallCellsNeedNoThird() {
		List<Disclosure.Shown> shown = Disclosure.breakdown(counts("a", 0, "b", 1, "c", 7));
		assertThat(shown).containsExactly(Disclosure.Shown.suppressed("a"), Disclosure.Shown.suppressed("b"),
				new Disclosure.Shown("c", 5L, false));
	}

	@Test
	void nothingSmallNothingSuppressedAndEveryCountRoundedToFive() {
		assertThat(Disclosure.breakdown(counts("a", 5, "b", 7, "c", 8, "d", 13))
			.stream()
			.map(Disclosure.Shown::count)
			.toList()).containsExactly(5L, 5L, 10L, 15L);
		assertThat(Disclosure.single("total", 4)).isEqualTo(Disclosure.Shown.suppressed("total"));
		assertThat(Disclosure.single("total", 0)).isEqualTo(Disclosure.Shown.suppressed("total"));
		assertThat(Disclosure.single("total", 5)).isEqualTo(new Disclosure.Shown("total", 5L, false));
	}

	private static Map<String, Long> counts(Object... keysAndCounts) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (int i = 0; i < keysAndCounts.length; i += 2) {
			counts.put((String) keysAndCounts[i], ((Integer) keysAndCounts[i + 1]).longValue());
		}
		return counts;
	}

}
