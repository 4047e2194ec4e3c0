package org.caduceus.openpgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bouncycastle.bcpg.ArmoredOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside bytes given to {@link CardSealer#open} as the packets of an armored message:
 * whatever arrives, the answer is the card the pinned key signed (the kept seed is one)
 * or a named refusal; never other content, another exception, a hang or an exhausted
 * heap.
 */
class CardSealerFuzzTests {

	/** Fixed keys (test resources), so that the kept seeds decrypt and verify. */
	static final TeamKey US = FuzzKeys.read("fuzz-us.asc");

	static final TeamKey THEM = FuzzKeys.read("fuzz-them.asc");

	@FuzzTest(maxDuration = "10s")
	void anyPacketsAreRefusedWithAReason(byte[] packets) throws IOException {
		ByteArrayOutputStream armored = new ByteArrayOutputStream();
		try (OutputStream out = ArmoredOutputStream.builder().clearHeaders().build(armored)) {
			out.write(packets);
		}
		try {
			byte[] opened = CardSealer.open(armored.toString(StandardCharsets.US_ASCII), US, THEM.publicRing());
			assertThat(opened).as("only the card the pinned key signed opens").isEqualTo(FuzzKeys.CARD);
		}
		catch (OpenPgpRejected refused) {
			assertThat(refused.reason()).isNotBlank();
		}
	}

}
