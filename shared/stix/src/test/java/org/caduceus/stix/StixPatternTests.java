package org.caduceus.stix;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The STIX patterning grammar: the specification's kinds of pattern parse, broken ones do
 * not.
 */
class StixPatternTests {

	@ParameterizedTest
	@ValueSource(strings = { "[ipv4-addr:value = '198.51.100.1']", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
			"[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
			"[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' OR file:name = 'a.exe']",
			"[email-message:from_ref.value MATCHES '.+@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name LIKE '%.exe']",
			"[network-traffic:dst_port IN (80, 443, 8080)] AND [domain-name:value != 'ok.example']",
			"([file:size > 1024] FOLLOWEDBY [process:name = 'cmd.exe']) WITHIN 300 SECONDS",
			"[file:created >= t'2026-01-01T00:00:00Z'] REPEATS 5 TIMES START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00.5Z'",
			"[artifact:payload_bin = b'aGVsbG8='] OR [x509-certificate:serial_number = h'0a1b']",
			"[windows-registry-key:key NOT = 'HKLM\\\\Software' AND EXISTS windows-registry-key:values[0].name]",
			"[autonomous-system:number = 64496]", "[x-custom:flag = true]", "[url:value = 'it\\'s']" })
	void theSpecificationsKindsOfPatternParse(String pattern) {
		assertThat(StixPattern.parse(pattern).comparisons()).isNotEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ipv4-addr:value = '1.2.3.4'", "[ipv4-addr:value = '1.2.3.4'",
			"[ipv4-addr:value == '1.2.3.4']", "[ipv4-addr:value = 1.2.3.4]", "[ipv4-addr = '1.2.3.4']",
			"[ipv4-addr:value = '1.2.3.4'] WITHIN SECONDS", "[file:created > t'2026-13-01T00:00:00Z']",
			"[x:y = h'abc']", "[x:y = 'unterminated]", "[x:y MATCHES '([']", "[a:b = 'c'] FOLLOWED [a:b = 'd']",
			"[a:b = 'c'] AND", "[a:b = 'c\\d']", "[a:b[x] = 'c']" })
	void brokenPatternsAreRefusedWithWhere(String pattern) {
		assertThatThrownBy(() -> StixPattern.parse(pattern)).isInstanceOf(StixPattern.InvalidPattern.class)
			.hasMessageContaining("pattern does not parse at offset");
	}

	@Test
	void theSingleComparisonOfASimplePatternIsReadBack() {
		StixPattern.Comparison only = StixPattern.parse("[url:value = 'https://x.example/it\\'s']").single();
		assertThat(only).isEqualTo(new StixPattern.Comparison("url", "value", "=", false, "https://x.example/it's"));
		assertThat(StixPattern.parse("[url:value = 'a'] OR [url:value = 'b']").single()).isNull();
		assertThat(StixPattern.parse("[url:value != 'a']").single()).isNull();
	}

}
