package com.herald.preference;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import com.herald.contact.ContactId;
import com.herald.preference.LinkRejectedException.Reason;
import com.herald.tenancy.SecretBox;
import com.herald.tenancy.SignedTokens;
import com.herald.tenancy.TenantId;

/**
 * The links every message carries to the public preference center: an unsubscribe link
 * (per channel, optionally naming the message) and a preference page link, both absolute
 * URLs under {@code herald.public-url}.
 * <p>
 * The token in the link is the whole authority of whoever opens it, so it names exactly
 * one contact of one tenant and is signed (HMAC-SHA256 under a key derived from the
 * secrets master key, see {@link SecretBox#sign}): changing any byte, e.g. the contact
 * id, makes it invalid, and nothing in it helps to guess another contact's link. It
 * expires after {@code herald.preferences.link-validity}. Layout (URL-safe Base64, no
 * padding): version, kind, tenant id, contact id, expiry (epoch seconds), for unsubscribe
 * links the channel and optional delivery id, then the MAC ({@link SignedTokens}).
 */
@Component
public class PreferenceLinks {

	/** Unsubscribe links: GET confirms, POST unsubscribes (also RFC 8058 one-click). */
	public static final String UNSUBSCRIBE_PATH = "/u/";

	/** Preference page links. */
	public static final String PREFERENCES_PATH = "/p/";

	static final String SIGNING_PURPOSE = "preferences.link";

	private static final byte VERSION = 1;

	private static final byte UNSUBSCRIBE = 1;

	private static final byte PREFERENCES = 2;

	private static final int HEAD_BYTES = 1 + 1 + 16 + 16 + 4;

	/**
	 * Longer than any token this class issues; longer input is refused before decoding.
	 */
	private static final int MAX_TOKEN_CHARS = 128;

	private final SignedTokens tokens;

	private final PreferenceProperties properties;

	private final Clock clock;

	private final String base;

	@Autowired
	PreferenceLinks(SecretBox secrets, PreferenceProperties properties, Environment environment, Clock clock) {
		this(secrets, properties, environment.getProperty("herald.public-url", "http://localhost:8080"), clock);
	}

	PreferenceLinks(SecretBox secrets, PreferenceProperties properties, String publicUrl, Clock clock) {
		this.tokens = new SignedTokens(secrets, SIGNING_PURPOSE, MAX_TOKEN_CHARS);
		this.properties = properties;
		this.clock = clock;
		this.base = publicUrl.strip().replaceAll("/+$", "");
	}

	/** How long links issued now work. */
	public java.time.Duration validity() {
		return this.properties.linkValidity();
	}

	/**
	 * The link that unsubscribes the contact from one channel: GET shows a confirmation
	 * page (link scanners never unsubscribe anyone), POST unsubscribes; also the
	 * {@code List-Unsubscribe} URL for RFC 8058 one-click.
	 * @param deliveryId the message the link goes into, if known (recorded with the
	 * opt-out)
	 */
	public String unsubscribe(TenantId tenant, ContactId contact, Channel channel, @Nullable UUID deliveryId) {
		return this.base + UNSUBSCRIBE_PATH + unsubscribeToken(tenant, contact, channel, deliveryId);
	}

	/** The link to the contact's preference page. */
	public String preferences(TenantId tenant, ContactId contact) {
		return this.base + PREFERENCES_PATH + preferencesToken(tenant, contact);
	}

	/**
	 * Whether a URL is one of Herald's unsubscribe or preference links (a click on one is
	 * never counted as a click).
	 */
	public boolean isRecipientLink(String url) {
		String stripped = url.strip();
		return stripped.startsWith(this.base + UNSUBSCRIBE_PATH) || stripped.startsWith(this.base + PREFERENCES_PATH);
	}

	String unsubscribeToken(TenantId tenant, ContactId contact, Channel channel, @Nullable UUID deliveryId) {
		ByteBuffer buffer = head(UNSUBSCRIBE, tenant, contact, 1 + 1 + ((deliveryId != null) ? 16 : 0));
		buffer.put(channelCode(channel));
		if (deliveryId != null) {
			buffer.put((byte) 1);
			putUuid(buffer, deliveryId);
		}
		else {
			buffer.put((byte) 0);
		}
		return signed(buffer);
	}

	String preferencesToken(TenantId tenant, ContactId contact) {
		return signed(head(PREFERENCES, tenant, contact, 0));
	}

	/**
	 * Checks a token's signature, then its expiry, and says what it is for.
	 * @throws LinkRejectedException when it is malformed, tampered with, of another kind,
	 * or expired
	 */
	public LinkToken verify(String token, LinkToken.Kind expected) {
		byte[] bytes = this.tokens.decode(token)
			.orElseThrow(() -> new LinkRejectedException(Reason.INVALID, "The link is not one of ours"));
		if (bytes.length < HEAD_BYTES + SignedTokens.MAC_BYTES) {
			throw new LinkRejectedException(Reason.INVALID, "The link is cut short");
		}
		byte[] body = this.tokens.verify(bytes)
			.orElseThrow(() -> new LinkRejectedException(Reason.INVALID, "The link's signature does not match"));
		ByteBuffer buffer = ByteBuffer.wrap(body);
		if (buffer.get() != VERSION) {
			throw new LinkRejectedException(Reason.INVALID, "The link has an unknown version");
		}
		byte kind = buffer.get();
		TenantId tenant = new TenantId(uuid(buffer));
		ContactId contact = new ContactId(uuid(buffer));
		Instant expiresAt = Instant.ofEpochSecond(Integer.toUnsignedLong(buffer.getInt()));
		LinkToken link;
		if (kind == UNSUBSCRIBE && (body.length == HEAD_BYTES + 2 || body.length == HEAD_BYTES + 2 + 16)) {
			Channel channel = channel(buffer.get());
			byte hasDelivery = buffer.get();
			if (hasDelivery != ((buffer.remaining() == 16) ? 1 : 0)) {
				throw new LinkRejectedException(Reason.INVALID, "The link has an unknown layout");
			}
			UUID delivery = (hasDelivery == 1) ? uuid(buffer) : null;
			link = new LinkToken(LinkToken.Kind.UNSUBSCRIBE, tenant, contact, channel, delivery, expiresAt);
		}
		else if (kind == PREFERENCES && body.length == HEAD_BYTES) {
			link = new LinkToken(LinkToken.Kind.PREFERENCES, tenant, contact, null, null, expiresAt);
		}
		else {
			throw new LinkRejectedException(Reason.INVALID, "The link has an unknown layout");
		}
		if (link.kind() != expected) {
			throw new LinkRejectedException(Reason.INVALID, "The link is for another page");
		}
		if (!this.clock.instant().isBefore(expiresAt)) {
			throw new LinkRejectedException(Reason.EXPIRED, "The link has expired");
		}
		return link;
	}

	private ByteBuffer head(byte kind, TenantId tenant, ContactId contact, int extra) {
		long expires = this.clock.instant().plus(this.properties.linkValidity()).getEpochSecond();
		ByteBuffer buffer = ByteBuffer.allocate(HEAD_BYTES + extra);
		buffer.put(VERSION).put(kind);
		putUuid(buffer, tenant.value());
		putUuid(buffer, contact.value());
		buffer.putInt((int) Math.min(expires, 0xFFFF_FFFFL));
		return buffer;
	}

	private String signed(ByteBuffer buffer) {
		return this.tokens.issue(buffer.array());
	}

	private static void putUuid(ByteBuffer buffer, UUID id) {
		buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
	}

	private static UUID uuid(ByteBuffer buffer) {
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	/** Fixed codes, so reordering the enum never changes what old links mean. */
	private static byte channelCode(Channel channel) {
		return switch (channel) {
			case SMS -> 1;
			case WHATSAPP -> 2;
			case EMAIL -> 3;
			case PUSH -> 4;
		};
	}

	private static Channel channel(byte code) {
		return switch (code) {
			case 1 -> Channel.SMS;
			case 2 -> Channel.WHATSAPP;
			case 3 -> Channel.EMAIL;
			case 4 -> Channel.PUSH;
			default -> throw new LinkRejectedException(Reason.INVALID, "The link names an unknown channel");
		};
	}

}
