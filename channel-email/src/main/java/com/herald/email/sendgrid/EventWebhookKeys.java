package com.herald.email.sendgrid;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * SendGrid's Event Webhook verification keys: the ECDSA P-256 public key SendGrid shows
 * as base64 of its DER (X.509 SubjectPublicKeyInfo) encoding.
 */
public final class EventWebhookKeys {

	private EventWebhookKeys() {
	}

	/** The key, or empty when the text is not a P-256 public key. */
	public static Optional<ECPublicKey> parse(String base64) {
		try {
			String clean = base64.strip()
				.replace("-----BEGIN PUBLIC KEY-----", "")
				.replace("-----END PUBLIC KEY-----", "")
				.replaceAll("\\s", "");
			byte[] der = Base64.getDecoder().decode(clean);
			if (KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)) instanceof ECPublicKey key
					&& key.getParams().getCurve().getField().getFieldSize() == 256) {
				return Optional.of(key);
			}
			return Optional.empty();
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** The key in the form SendGrid shows it (base64 of the DER encoding, one line). */
	public static String normalize(String base64) {
		return parse(base64).map((key) -> Base64.getEncoder().encodeToString(key.getEncoded()))
			.orElseThrow(() -> new IllegalArgumentException("Not a P-256 public key"));
	}

}
