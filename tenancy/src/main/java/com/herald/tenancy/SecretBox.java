package com.herald.tenancy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Encrypts tenants' secrets at rest (provider credentials) with Tink's AES-256-GCM AEAD
 * under one master key. The tenant id and the secret's purpose are the associated data,
 * so a ciphertext copied to another tenant's row, or into another field, does not
 * decrypt.
 * <p>
 * The master key is {@code herald.secrets.master-key} (base64 of 32 bytes, e.g.
 * {@code openssl rand -base64 32}). Without it Herald generates one and keeps it beside
 * the embedded database ({@code <data-dir>/secrets-master.key}), or in memory only for a
 * throw-away test database, so the embedded start needs no setup.
 * <p>
 * It also signs what Herald hands out and must recognise later (links in messages), with
 * HMAC-SHA256 under a key derived from the same master key for each purpose.
 */
@Component
public class SecretBox {

	static final String MASTER_KEY_PROPERTY = "herald.secrets.master-key";

	private static final Logger logger = LoggerFactory.getLogger(SecretBox.class);

	private static final int KEY_BYTES = 32;

	private static final String MAC = "HmacSHA256";

	private final Aead aead;

	private final byte[] masterKey;

	private final Map<String, SecretKeySpec> signingKeys = new ConcurrentHashMap<>();

	@Autowired
	SecretBox(Environment environment) {
		this(masterKey(environment));
	}

	SecretBox(byte[] masterKey) {
		this.masterKey = masterKey.clone();
		try {
			AesGcmParameters parameters = AesGcmParameters.builder()
				.setKeySizeBytes(KEY_BYTES)
				.setIvSizeBytes(12)
				.setTagSizeBytes(16)
				.setVariant(AesGcmParameters.Variant.NO_PREFIX)
				.build();
			AesGcmKey key = AesGcmKey.builder()
				.setParameters(parameters)
				.setKeyBytes(SecretBytes.copyFrom(masterKey, InsecureSecretKeyAccess.get()))
				.build();
			this.aead = AesGcmJce.create(key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The secrets master key cannot be used", ex);
		}
	}

	/**
	 * Encrypts a secret of one tenant.
	 * @param purpose what the secret is, e.g. {@code sms.twilio.auth-token}
	 */
	public byte[] seal(TenantId tenant, String purpose, String secret) {
		try {
			return this.aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(tenant, purpose));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a secret", ex);
		}
	}

	/**
	 * Decrypts what {@link #seal} returned for the same tenant and purpose.
	 * @throws IllegalStateException when it was sealed for another tenant or purpose, or
	 * under another master key
	 */
	public String open(TenantId tenant, String purpose, byte[] sealed) {
		try {
			return new String(this.aead.decrypt(sealed, associatedData(tenant, purpose)), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A stored secret does not decrypt: was the master key ("
					+ MASTER_KEY_PROPERTY + ") changed, or the value copied from another tenant?", ex);
		}
	}

	/**
	 * HMAC-SHA256 of {@code data} under a key derived (HKDF) from the master key for
	 * {@code purpose}, so a signature made for one purpose is worthless for another.
	 * Compare signatures with {@link java.security.MessageDigest#isEqual} (constant
	 * time).
	 * @param purpose what is signed, e.g. {@code preferences.link}
	 */
	public byte[] sign(String purpose, byte[] data) {
		try {
			Mac mac = Mac.getInstance(MAC);
			mac.init(this.signingKeys.computeIfAbsent(purpose, this::signingKey));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign", ex);
		}
	}

	private SecretKeySpec signingKey(String purpose) {
		try {
			byte[] key = Hkdf.computeHkdf(MAC, this.masterKey, "herald-signing".getBytes(StandardCharsets.UTF_8),
					purpose.getBytes(StandardCharsets.UTF_8), KEY_BYTES);
			return new SecretKeySpec(key, MAC);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not derive a signing key", ex);
		}
	}

	private static byte[] associatedData(TenantId tenant, String purpose) {
		return (tenant.value() + "/" + purpose).getBytes(StandardCharsets.UTF_8);
	}

	static byte[] masterKey(Environment environment) {
		String configured = environment.getProperty(MASTER_KEY_PROPERTY, "").strip();
		if (!configured.isEmpty()) {
			return decode(configured, MASTER_KEY_PROPERTY);
		}
		if (environment.getProperty("herald.db.ephemeral", Boolean.class, false)) {
			return random();
		}
		Path file = Path.of(environment.getProperty("herald.data-dir", "herald-data")).resolve("secrets-master.key");
		return keyFile(file);
	}

	static byte[] keyFile(Path file) {
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file).strip(), file.toString());
			}
			Files.createDirectories(file.toAbsolutePath().getParent());
			byte[] key = random();
			Files.writeString(file, Base64.getEncoder().encodeToString(key));
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the data directory's own permissions protect
				// it
			}
			logger.warn("Generated a secrets master key in {}; set {} (HERALD_SECRETS_MASTER_KEY) in production "
					+ "and keep it out of backups of the database", file, MASTER_KEY_PROPERTY);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read or create the secrets master key " + file, ex);
		}
	}

	private static byte[] decode(String value, String source) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(source + " is not base64", ex);
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalStateException(source + " must be 32 bytes (base64), e.g. from `openssl rand -base64 32`");
		}
		return key;
	}

	private static byte[] random() {
		byte[] key = new byte[KEY_BYTES];
		new SecureRandom().nextBytes(key);
		return key;
	}

}
