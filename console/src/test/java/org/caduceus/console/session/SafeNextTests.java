package org.caduceus.console.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a sign-in may send the browser on: a page of this console, nothing else. */
class SafeNextTests {

	@Test
	void keepsAPathOfThisConsoleWithItsQuery() {
		assertThat(SessionFilter.safeNext("/incidents?status=NEW&after=abc%3D"))
			.isEqualTo("/incidents?status=NEW&after=abc%3D");
		assertThat(SessionFilter.safeNext("/incidents/6f1c")).isEqualTo("/incidents/6f1c");
	}

	@Test
	void refusesEveryWayToAnotherHost() {
		for (String next : new String[] { "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
				"/\r/evil.example", "/%09/x\\y", "https://evil.example/", "evil.example", "javascript:alert(1)",
				"/ /evil.example", "/\u0000/evil.example", "/\u007f/evil.example", "" }) {
			assertThat(SessionFilter.safeNext(next)).as(next).isNull();
		}
		assertThat(SessionFilter.safeNext(null)).isNull();
	}

}
