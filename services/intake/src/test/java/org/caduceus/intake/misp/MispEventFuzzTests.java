package org.caduceus.intake.misp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.caduceus.intake.imports.ImportRefused;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any JSON sent as a MISP event is read into an incident or refused with a pointer, never
 * with another exception; what is read is never less restricted than TLP:CLEAR would be
 * with no marking at all (an unmarked event is RED).
 */
class MispEventFuzzTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@FuzzTest(maxDuration = "10s")
	void anyEventIsReadOrRefused(byte[] bytes) {
		JsonNode event;
		try {
			event = JSON.readTree(bytes);
		}
		catch (JacksonException notJson) {
			// the service answers 400 before the reader sees it
			return;
		}
		if (event == null) {
			return;
		}
		try {
			MispImport.Read read = new MispImport().read(event);
			assertThat(read.candidate().facts().tlp()).isNotNull();
			if (!event.path("Event").path("Tag").isArray() && !event.path("Tag").isArray()) {
				assertThat(read.candidate().facts().tlp().code()).isEqualTo("red");
			}
		}
		catch (ImportRefused refused) {
			assertThat(refused.getMessage()).isNotBlank();
		}
	}

}
