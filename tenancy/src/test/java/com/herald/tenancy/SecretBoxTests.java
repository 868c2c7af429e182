package com.herald.tenancy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretBoxTests {

	private static final TenantId TENANT = new TenantId(UUID.randomUUID());

	private static final TenantId OTHER_TENANT = new TenantId(UUID.randomUUID());

	private final SecretBox box = new SecretBox(new byte[32]);

	@Test
	void opensWhatItSealedAndNeverStoresThePlaintext() {
		byte[] sealed = this.box.seal(TENANT, "sms.twilio.auth-token", "a-very-secret-token");

		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("a-very-secret-token");
		assertThat(this.box.open(TENANT, "sms.twilio.auth-token", sealed)).isEqualTo("a-very-secret-token");
		assertThat(this.box.seal(TENANT, "sms.twilio.auth-token", "a-very-secret-token")).as("a fresh nonce each time")
			.isNotEqualTo(sealed);
	}

	@Test
	void refusesASecretMovedToAnotherTenantOrField() {
		byte[] sealed = this.box.seal(TENANT, "sms.twilio.auth-token", "token");

		assertThatIllegalStateException()
			.isThrownBy(() -> this.box.open(OTHER_TENANT, "sms.twilio.auth-token", sealed));
		assertThatIllegalStateException().isThrownBy(() -> this.box.open(TENANT, "email.api-key", sealed));
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		assertThatIllegalStateException()
			.isThrownBy(() -> new SecretBox(otherKey).open(TENANT, "sms.twilio.auth-token", sealed));
	}

	@Test
	void signsPerPurposeAndMasterKeyWithHmacSha256() throws Exception {
		byte[] data = "tenant/contact".getBytes(StandardCharsets.UTF_8);
		byte[] signature = this.box.sign("preferences.link", data);

		assertThat(signature).hasSize(32).isEqualTo(this.box.sign("preferences.link", data));
		assertThat(this.box.sign("tracking.click", data)).as("another purpose, another key").isNotEqualTo(signature);
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		assertThat(new SecretBox(otherKey).sign("preferences.link", data)).isNotEqualTo(signature);
		byte[] derived = com.google.crypto.tink.subtle.Hkdf.computeHkdf("HmacSHA256", new byte[32],
				"herald-signing".getBytes(StandardCharsets.UTF_8), "preferences.link".getBytes(StandardCharsets.UTF_8),
				32);
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(derived, "HmacSHA256"));
		assertThat(signature).as("HMAC-SHA256 under the HKDF-derived key").isEqualTo(mac.doFinal(data));
	}

	@Test
	void usesTheConfiguredMasterKey() {
		byte[] key = new byte[32];
		key[5] = 7;
		MockEnvironment environment = new MockEnvironment().withProperty(SecretBox.MASTER_KEY_PROPERTY,
				Base64.getEncoder().encodeToString(key));
		byte[] sealed = new SecretBox(key).seal(TENANT, "p", "s");

		assertThat(new SecretBox(environment).open(TENANT, "p", sealed)).isEqualTo("s");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> new SecretBox(new MockEnvironment().withProperty(SecretBox.MASTER_KEY_PROPERTY, "c2hvcnQ=")))
			.withMessageContaining("32 bytes");
	}

	@Test
	void generatesAKeyInTheDataDirectoryOnceAndKeepsItPrivate(@TempDir Path dataDir) throws Exception {
		MockEnvironment environment = new MockEnvironment().withProperty("herald.data-dir", dataDir.toString());
		byte[] sealed = new SecretBox(environment).seal(TENANT, "p", "s");

		Path file = dataDir.resolve("secrets-master.key");
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(new SecretBox(environment).open(TENANT, "p", sealed)).as("the same key after a restart")
			.isEqualTo("s");
	}

}
