package com.herald.tenancy;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Tokens for links: a body followed by the first 16 bytes of its MAC under one purpose
 * (see {@link SecretBox#sign}), spelled in URL-safe Base64 without padding. Changing any
 * byte invalidates a token, and only the spelling Herald issued decodes: Base64 ignores a
 * last character's unused bits, so otherwise a changed character could pass for the
 * original.
 */
public final class SignedTokens {

	/** The MAC bytes at the end of every token. */
	public static final int MAC_BYTES = 16;

	private final SecretBox secrets;

	private final String purpose;

	private final int maxTokenChars;

	/**
	 * Tokens for one purpose.
	 * @param secrets the key holder
	 * @param purpose what the tokens are for (each purpose signs under its own key)
	 * @param maxTokenChars longer input is refused before decoding
	 */
	public SignedTokens(SecretBox secrets, String purpose, int maxTokenChars) {
		this.secrets = secrets;
		this.purpose = purpose;
		this.maxTokenChars = maxTokenChars;
	}

	/**
	 * Signs a body.
	 * @param body what the token says
	 * @return the token
	 */
	public String issue(byte[] body) {
		byte[] token = Arrays.copyOf(body, body.length + MAC_BYTES);
		System.arraycopy(mac(body), 0, token, body.length, MAC_BYTES);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	/**
	 * Decodes a token as issued, not yet checking its signature.
	 * @param token the token
	 * @return its bytes (body and MAC), or empty when it is empty, too long, not Base64
	 * or not spelled the way Herald spells it
	 */
	public Optional<byte[]> decode(@Nullable String token) {
		if (token == null || token.isEmpty() || token.length() > this.maxTokenChars) {
			return Optional.empty();
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(token);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		boolean canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token);
		return canonical ? Optional.of(bytes) : Optional.empty();
	}

	/**
	 * Checks the signature of decoded bytes.
	 * @param bytes what {@link #decode} returned
	 * @return the body, or empty when the bytes are shorter than a MAC or the MAC does
	 * not match
	 */
	public Optional<byte[]> verify(byte[] bytes) {
		if (bytes.length < MAC_BYTES) {
			return Optional.empty();
		}
		byte[] body = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
		byte[] mac = Arrays.copyOfRange(bytes, bytes.length - MAC_BYTES, bytes.length);
		return MessageDigest.isEqual(mac, mac(body)) ? Optional.of(body) : Optional.empty();
	}

	private byte[] mac(byte[] body) {
		return Arrays.copyOf(this.secrets.sign(this.purpose, body), MAC_BYTES);
	}

}
