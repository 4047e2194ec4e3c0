package org.caduceus.intake.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What of a breakdown may be shown. Primary suppression: a cell under {@value #MIN_CELL},
 * zero included, is shown only as suppressed, so 0 and 1 to 4 read the same. Secondary
 * suppression: when exactly one cell of a breakdown is suppressed, the next smallest is
 * suppressed too, so that the suppressed one cannot be read off the breakdown's total
 * (which any other breakdown of the same period gives). Every count shown is rounded to
 * the nearest {@value #ROUNDING}, so that two periods that differ by a month with a few
 * incidents, differenced, do not give their number.
 */
final class Disclosure {

	static final int MIN_CELL = 5;

	static final int ROUNDING = 5;

	private Disclosure() {
	}

	/** One cell as shown: a rounded count, or suppressed (no count). */
	record Shown(String key, @Nullable Long count, boolean suppressed) {

		static Shown suppressed(String key) {
			return new Shown(key, null, true);
		}

	}

	/**
	 * @param counts every key of the breakdown (those with no incident as 0)
	 * @return the cells in key order
	 */
	static List<Shown> breakdown(Map<String, Long> counts) {
		List<Map.Entry<String, Long>> cells = new ArrayList<>(counts.entrySet());
		cells.sort(Map.Entry.comparingByKey());
		long primary = cells.stream().filter((cell) -> cell.getValue() < MIN_CELL).count();
		String secondary = null;
		if (primary == 1) {
			secondary = cells.stream()
				.filter((cell) -> cell.getValue() >= MIN_CELL)
				.min(Comparator.comparing(Map.Entry<String, Long>::getValue).thenComparing(Map.Entry::getKey))
				.map(Map.Entry::getKey)
				.orElse(null);
		}
		List<Shown> shown = new ArrayList<>();
		for (Map.Entry<String, Long> cell : cells) {
			shown.add(cell.getKey().equals(secondary) ? Shown.suppressed(cell.getKey())
					: single(cell.getKey(), cell.getValue()));
		}
		return List.copyOf(shown);
	}

	/** A cell on its own (a total): suppressed under the minimum, else rounded. */
	static Shown single(String key, long count) {
		if (count < MIN_CELL) {
			return Shown.suppressed(key);
		}
		return new Shown(key, Math.round(count / (double) ROUNDING) * ROUNDING, false);
	}

}
