package org.caduceus.federation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the RFCs' own vectors, not only against this code's own signatures. */
class Rfc9421VectorTests {

	static final String B26_INPUT = "(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";

	static final String B26_SIGNATURE = "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";

	@Test
	void buildsTheSignatureBaseOfAppendixB26ByteForByte() throws Exception {
		assertThat(b26Base()).isEqualTo(resource("b26-signature-base.txt"));
		assertThat(b26Base()).hasSize(284);
	}

	@Test
	void signsAppendixB26ToTheRfcsSignatureValue() throws Exception {
		byte[] signature = EnvelopeSigner.sign(privateKey(), b26Base());
		assertThat(Base64.getEncoder().encodeToString(signature)).isEqualTo(B26_SIGNATURE);
	}

	@Test
	void verifiesTheRfcsSignatureAndRefusesAChangedBase() throws Exception {
		byte[] signature = Base64.getDecoder().decode(B26_SIGNATURE);
		assertThat(EnvelopeVerifier.verifies(publicKey(), b26Base(), signature)).isTrue();
		assertThat(EnvelopeVerifier.verifies(publicKey(), b26Base().replace("POST", "GET"), signature)).isFalse();
	}

	@Test
	void computesTheRfc9530SampleDigests() {
		byte[] hello = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(ContentDigest.sha256(hello)).isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
		assertThat(ContentDigest.matches(
				"sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
				hello))
			.isTrue();
		byte[] helloLf = "{\"hello\": \"world\"}\n".getBytes(StandardCharsets.UTF_8);
		assertThat(ContentDigest.sha256(helloLf)).isEqualTo("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:");
		assertThat(ContentDigest.matches(ContentDigest.sha256(hello), helloLf)).isFalse();
	}

	private static String b26Base() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"));
		headers.put("content-type", List.of("application/json"));
		headers.put("content-length", List.of("18"));
		List<String> components = List.of("date", "@method", "@path", "@authority", "content-type", "content-length");
		return SignatureBase.of("POST", URI.create("https://example.com/foo?param=Value&Pet=dog"), headers, components,
				B26_INPUT);
	}

	static PrivateKey privateKey() throws Exception {
		return KeyFactory.getInstance("Ed25519")
			.generatePrivate(new PKCS8EncodedKeySpec(pem("test-key-ed25519.priv.pem")));
	}

	static PublicKey publicKey() throws Exception {
		return KeyFactory.getInstance("Ed25519")
			.generatePublic(new X509EncodedKeySpec(pem("test-key-ed25519.pub.pem")));
	}

	private static byte[] pem(String name) throws IOException {
		String text = resource(name);
		return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = Rfc9421VectorTests.class.getResourceAsStream("/rfc9421/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

}
