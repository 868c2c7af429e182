package com.herald.email;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Fresh SendGrid-shaped credentials for one test: an API key and an Event Webhook key
 * pair.
 */
public final class EmailTestKeys {

	private EmailTestKeys() {
	}

	/** An API key in SendGrid's shape: {@code SG.<id>.<secret>}. */
	public static String apiKey() {
		String a = UUID.randomUUID().toString().replace("-", "");
		String b = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
		return "SG." + a.substring(0, 22) + "." + b.substring(0, 43);
	}

	/** An ECDSA P-256 key pair like the one SendGrid signs its Event Webhook with. */
	public static KeyPair webhookKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The public key as SendGrid shows it: base64 of the DER encoding. */
	public static String publicKey(KeyPair keys) {
		return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
	}

}
