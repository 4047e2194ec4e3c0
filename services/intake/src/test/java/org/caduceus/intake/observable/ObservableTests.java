package org.caduceus.intake.observable;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservableTests {

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|',
			textBlock = """
					ipv4     | 192.0.2.1                                | 192.0.2.1
					ipv4     | 192[.]0[.]2[.]1                          | 192.0.2.1
					ipv6     | 2001:0DB8:0000:0000:0000:0000:0000:0001  | 2001:db8::1
					ipv6     | 2001:db8:0:0:1:0:0:1                     | 2001:db8::1:0:0:1
					ipv6     | [2001:db8::1]                            | 2001:db8::1
					ipv6     | ::                                       | ::
					cidr     | 10.0.0.0/8                               | 10.0.0.0/8
					cidr     | 2001:DB8::/32                            | 2001:db8::/32
					domain   | Evil-Example[.]COM.                      | evil-example.com
					domain   | bücher.example                           | xn--bcher-kva.example
					url      | hxxps://Evil.Example[.]com:443/Path?q=1#x | https://evil.example.com/Path?q=1
					url      | hxxp://198.51.100.7:8080                 | http://198.51.100.7:8080/
					url      | HTTP://example.org                       | http://example.org/
					email    | Phisher[@]Mail.Example[.]org             | Phisher@mail.example.org
					sha256   | E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 | e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
					sha1     | DA39A3EE5E6B4B0D3255BFEF95601890AFD80709 | da39a3ee5e6b4b0d3255bfef95601890afd80709
					md5      | D41D8CD98F00B204E9800998ECF8427E         | d41d8cd98f00b204e9800998ecf8427e
					cve      | cve-2024-3094                            | CVE-2024-3094
					asn      | as64496                                  | AS64496
					asn      | 64496                                    | AS64496
					filename | Invoice 2026.pdf.exe                     | Invoice 2026.pdf.exe
					""")
	void normalisesEquivalentSpellingsToOneValue(String type, String input, String expected) {
		Observable observable = Observable.of(type, input);
		assertThat(observable.value()).isEqualTo(expected);
		assertThat(Observable.of(type, observable.value())).isEqualTo(observable);
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			ipv4     | 999.1.1.1
			ipv4     | 1.2.3
			ipv4     | 01.2.3.4
			ipv6     | 2001:db8::g
			ipv6     | example.com
			cidr     | 10.0.0.0/33
			cidr     | 10.0.0.0
			domain   | localhost
			domain   | -bad-.example
			url      | javascript:alert(1)
			url      | /relative/path
			email    | not-an-address
			sha256   | not a hash
			sha1     | abc
			md5      | d41d8cd98f00b204e9800998ecf8427
			cve      | CVE-24-1
			asn      | AS0
			filename | ../etc/passwd
			""")
	void refusesMalformedValuesNamingTheValueField(String type, String input) {
		assertThatThrownBy(() -> Observable.of(type, input)).isInstanceOf(InvalidObservable.class)
			.extracting((ex) -> ((InvalidObservable) ex).field())
			.isEqualTo("value");
	}

	@ParameterizedTest
	@CsvSource({ "mac", "hostname", "''" })
	void refusesUnknownTypesNamingTheTypeField(String type) {
		assertThatThrownBy(() -> Observable.of(type, "x")).isInstanceOf(InvalidObservable.class)
			.extracting((ex) -> ((InvalidObservable) ex).field())
			.isEqualTo("type");
	}

}
