package org.caduceus.stix;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any text given to the STIX pattern parser is parsed or refused as an invalid pattern,
 * never another exception, a hang or a stack overflow.
 */
class StixPatternFuzzTests {

	@FuzzTest(maxDuration = "10s")
	@DictionaryEntries({ "[", "]", "ipv4-addr:value", "file:hashes.'SHA-256'", " = ", " AND ", " OR ", " FOLLOWEDBY ",
			" WITHIN ", " SECONDS", " REPEATS ", " TIMES", " START t'2026-01-01T00:00:00Z' STOP ", " ISSUBSET ",
			" MATCHES ", " LIKE ", " NOT ", "(", ")", "'", "\\'", "h'", "b'" })
	void anyTextIsParsedOrRefused(byte[] bytes) {
		String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
		try {
			StixPattern pattern = StixPattern.parse(text);
			assertThat(pattern.text()).isEqualTo(text);
		}
		catch (StixPattern.InvalidPattern refused) {
			assertThat(refused.getMessage()).isNotBlank();
		}
	}

}
