package com.herald.email.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** RSA 2048 key pairs for DKIM, and the DNS TXT record that publishes the public half. */
public final class DkimKeys {

	private static final int BITS = 2048;

	/** A DNS TXT record holds strings of at most 255 characters each. */
	private static final int TXT_STRING = 255;

	private DkimKeys() {
	}

	public static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(BITS);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("RSA key generation is not available", ex);
		}
	}

	/** The private key from its PKCS#8 encoding. */
	public static RSAPrivateKey privateKey(byte[] pkcs8) {
		try {
			return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A stored DKIM key does not decode", ex);
		}
	}

	/** The base64 of the public key (SubjectPublicKeyInfo), the {@code p=} tag. */
	public static String publicKeyBase64(PublicKey key) {
		return Base64.getEncoder().encodeToString(key.getEncoded());
	}

	/** The TXT record's value: {@code v=DKIM1; k=rsa; p=...}. */
	public static String dnsValue(String publicKeyBase64) {
		return "v=DKIM1; k=rsa; p=" + publicKeyBase64;
	}

	/**
	 * The value as quoted strings of at most 255 characters, for zone files and DNS
	 * consoles that do not split long records themselves.
	 */
	public static String dnsValueQuoted(String publicKeyBase64) {
		String value = dnsValue(publicKeyBase64);
		List<String> parts = new ArrayList<>();
		for (int start = 0; start < value.length(); start += TXT_STRING) {
			parts.add("\"" + value.substring(start, Math.min(value.length(), start + TXT_STRING)) + "\"");
		}
		return String.join(" ", parts);
	}

}
