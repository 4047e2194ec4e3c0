package org.caduceus.console.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTests {

	private final Passwords passwords = new Passwords();

	@Test
	void hashesWithArgon2idAtOwaspsSettingAndASaltPerHash() {
		String hash = this.passwords.hash("correct horse battery");
		assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(this.passwords.hash("correct horse battery")).isNotEqualTo(hash);
		assertThat(this.passwords.matches("correct horse battery", hash)).isTrue();
		assertThat(this.passwords.matches("correct horse batterY", hash)).isFalse();
		assertThat(this.passwords.matches(" correct horse battery", hash)).isFalse();
	}

	@Test
	void refusesOverlongPasswordsWithoutHashingThem() {
		String hash = this.passwords.hash("a".repeat(Passwords.MAX_LENGTH));
		assertThat(this.passwords.matches("a".repeat(Passwords.MAX_LENGTH + 1), hash)).isFalse();
	}

	@Test
	void oneTimePasswordsAreLongRandomAndGrouped() {
		String one = Passwords.oneTime();
		assertThat(one).matches("[a-z2-9]{5}(-[a-z2-9]{5}){3}");
		assertThat(Passwords.oneTime()).isNotEqualTo(one);
	}

	@Test
	void namesWhyANewPasswordIsRefused() {
		assertThat(Passwords.weakness("short", "ada")).contains("at least 12");
		assertThat(Passwords.weakness("my name is ADA lovelace", "ada")).contains("user name");
		assertThat(Passwords.weakness("aaaaaaaaaaaaaaaa", "ada")).contains("different characters");
		assertThat(Passwords.weakness("x".repeat(257), "ada")).contains("at most");
		assertThat(Passwords.weakness("plum orchard telescope", "ada")).isNull();
	}

}
