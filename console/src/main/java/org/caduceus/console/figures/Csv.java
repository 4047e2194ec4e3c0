package org.caduceus.console.figures;

import java.util.List;
import java.util.Map;

/**
 * The figures as CSV (RFC 4180): one row per cell, a suppressed count left empty with
 * {@code suppressed} saying so, and the withheld remainder as its own row. A field that a
 * spreadsheet would take for a formula is prefixed with an apostrophe.
 */
final class Csv {

	private Csv() {
	}

	static String of(String group, Map<String, Object> stats) {
		StringBuilder out = new StringBuilder();
		out.append(field(group)).append(",count,suppressed\r\n");
		if (stats.get("cells") instanceof List<?> cells) {
			for (Object item : cells) {
				if (item instanceof Map<?, ?> cell) {
					row(out, String.valueOf(cell.get("key")), cell.get("count"),
							Boolean.TRUE.equals(cell.get("suppressed")));
				}
			}
		}
		if (stats.get("withheld") instanceof Map<?, ?> withheld) {
			row(out, "(withheld: groups below the minimum)", withheld.get("count"),
					Boolean.TRUE.equals(withheld.get("suppressed")));
		}
		return out.toString();
	}

	private static void row(StringBuilder out, String key, Object count, boolean suppressed) {
		out.append(field(key))
			.append(',')
			.append((count != null) ? count : "")
			.append(',')
			.append(suppressed)
			.append("\r\n");
	}

	static String field(String value) {
		String safe = (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) ? "'" + value : value;
		if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
			return "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}

}
