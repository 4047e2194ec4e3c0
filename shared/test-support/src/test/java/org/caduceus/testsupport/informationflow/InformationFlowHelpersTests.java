package org.caduceus.testsupport.informationflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InformationFlowHelpersTests {

	@Test
	void noMarkerIsAPrefixOfAnother() {
		Markers markers = new Markers("r1");
		List<String> made = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			made.add(markers.next("Reason"));
		}
		for (String one : made) {
			for (String other : made) {
				if (one != other) {
					assertThat(other).doesNotContain(one);
				}
			}
		}
		assertThat(markers.digits(6)).hasSize(6).containsOnlyDigits();
		assertThatThrownBy(() -> markers.next("Re-ason")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void findsAMarkerInTheBodyOrInAHeaderButNotOneThePathAsked() {
		Answer inBody = new Answer(200, Map.of(), "{\"reason\":\"Reason-r-1.\"}");
		Answer inHeader = new Answer(404, Map.of("ETag", List.of("\"Reason-r-1.\"")), "");
		assertThatThrownBy(() -> inBody.assertCarriesNone(Set.of("Reason-r-1."), "alice", "/x"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("carries 'Reason-r-1.'");
		assertThatThrownBy(() -> inHeader.assertCarriesNone(Set.of("Reason-r-1."), "alice", "/x"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("header etag");
		assertThatCode(() -> inBody.assertCarriesNone(Set.of("Reason-r-1."), "alice", "/x/Reason-r-1."))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> new Answer(500, Map.of(), "").assertCarriesNone(Set.of(), "alice", "/x"))
			.isInstanceOf(AssertionError.class);
	}

	@Test
	void comparesAnswersBeyondWhatWasAskedAndTheirRequestIds() {
		Answer hidden = new Answer(404, Map.of("X-Request-Id", List.of("a"), "Content-Type", List.of("text/plain")),
				"{\"detail\":\"no p-1\",\"requestId\":\"00000000-0000-4000-8000-000000000001\"}");
		Answer missing = new Answer(404, Map.of("X-Request-Id", List.of("b"), "Content-Type", List.of("text/plain")),
				"{\"detail\":\"no nowhere\",\"requestId\":\"00000000-0000-4000-8000-000000000002\"}");
		assertThat(hidden.normalised(Map.of("p-1", "ID"))).isEqualTo(missing.normalised(Map.of("nowhere", "ID")));
		Answer otherType = new Answer(404, Map.of("Content-Type", List.of("application/json")),
				"{\"detail\":\"no nowhere\",\"requestId\":\"00000000-0000-4000-8000-000000000002\"}");
		assertThat(otherType.normalised(Map.of("nowhere", "ID")))
			.isNotEqualTo(missing.normalised(Map.of("nowhere", "ID")));
	}

}
