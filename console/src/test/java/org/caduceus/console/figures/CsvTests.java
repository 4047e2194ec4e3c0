package org.caduceus.console.figures;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTests {

	@Test
	void writesOneRowPerCellWithSuppressionVisible() {
		Map<String, Object> stats = Map.of("cells",
				List.of(Map.of("key", "2026-11", "count", 15, "suppressed", false),
						java.util.Collections
							.unmodifiableMap(new java.util.HashMap<>(Map.of("key", "2026-12", "suppressed", true)))),
				"withheld", Map.of("count", 5, "suppressed", false));
		assertThat(Csv.of("month", stats)).isEqualTo("month,count,suppressed\r\n2026-11,15,false\r\n2026-12,,true\r\n"
				+ "(withheld: groups below the minimum),5,false\r\n");
	}

	@Test
	void neutralisesFormulasAndQuotesSeparators() {
		assertThat(Csv.field("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
		assertThat(Csv.field("+1")).isEqualTo("'+1");
		assertThat(Csv.field("-1")).isEqualTo("'-1");
		assertThat(Csv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
		assertThat(Csv.field("plain")).isEqualTo("plain");
	}

}
