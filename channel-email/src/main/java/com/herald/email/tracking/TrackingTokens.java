package com.herald.email.tracking;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.SecretBox;
import com.herald.tenancy.SignedTokens;

/**
 * The tokens in tracking URLs: the delivery and, for clicks, the target URL, signed
 * (HMAC-SHA256 under a key derived from the secrets master key for this purpose, first 16
 * bytes kept). Changing any byte invalidates the token, so a click redirects only to the
 * URL Herald signed (no open redirect) and opens or clicks cannot be forged for other
 * deliveries. Body: version, kind, delivery id, the URL's UTF-8 bytes (clicks).
 */
final class TrackingTokens {

	static final String SIGNING_PURPOSE = "email.tracking.link";

	private static final byte VERSION = 1;

	private static final byte OPEN = 'o';

	private static final byte CLICK = 'c';

	private static final int HEAD_BYTES = 1 + 1 + 16;

	/** Longer than any URL we sign (2,000 characters) after Base64. */
	static final int MAX_TOKEN_CHARS = 2_800;

	static final int MAX_URL_CHARS = 2_000;

	private final SignedTokens tokens;

	TrackingTokens(SecretBox secrets) {
		this.tokens = new SignedTokens(secrets, SIGNING_PURPOSE, MAX_TOKEN_CHARS);
	}

	String open(UUID deliveryId) {
		return encode(OPEN, deliveryId, new byte[0]);
	}

	String click(UUID deliveryId, String url) {
		return encode(CLICK, deliveryId, url.getBytes(StandardCharsets.UTF_8));
	}

	/** The delivery an open token names, if the token is genuine. */
	Optional<UUID> readOpen(String token) {
		return decode(token, OPEN).map(Decoded::deliveryId);
	}

	/** The delivery and target of a click token, if the token is genuine. */
	Optional<Click> readClick(String token) {
		return decode(token, CLICK).flatMap((decoded) -> {
			String url = new String(decoded.rest(), StandardCharsets.UTF_8);
			return TrackingLinks.trackable(url) ? Optional.of(new Click(decoded.deliveryId(), URI.create(url)))
					: Optional.empty();
		});
	}

	record Click(UUID deliveryId, URI target) {
	}

	private record Decoded(UUID deliveryId, byte[] rest) {
	}

	private String encode(byte kind, UUID deliveryId, byte[] rest) {
		ByteBuffer body = ByteBuffer.allocate(HEAD_BYTES + rest.length);
		body.put(VERSION)
			.put(kind)
			.putLong(deliveryId.getMostSignificantBits())
			.putLong(deliveryId.getLeastSignificantBits())
			.put(rest);
		return this.tokens.issue(body.array());
	}

	private Optional<Decoded> decode(@Nullable String token, byte kind) {
		return this.tokens.decode(token)
			.filter((bytes) -> bytes.length >= HEAD_BYTES + SignedTokens.MAC_BYTES && bytes[0] == VERSION
					&& bytes[1] == kind)
			.flatMap(this.tokens::verify)
			.map((body) -> {
				ByteBuffer buffer = ByteBuffer.wrap(body, 2, body.length - 2);
				UUID deliveryId = new UUID(buffer.getLong(), buffer.getLong());
				return new Decoded(deliveryId, Arrays.copyOfRange(body, HEAD_BYTES, body.length));
			});
	}

}
