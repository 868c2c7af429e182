package com.herald.preference;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.consent.Channel;
import com.herald.contact.ContactId;
import com.herald.preference.LinkRejectedException.Reason;
import com.herald.tenancy.SecretBox;
import com.herald.tenancy.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
class PreferenceLinksIntegrationTests {

	private static final Instant ISSUED = Instant.parse("2026-12-04T08:00:00Z");

	private static final TenantId TENANT = TenantId.random();

	private static final ContactId CONTACT = ContactId.random();

	@Autowired
	SecretBox secrets;

	@Autowired
	PreferenceLinks configured;

	private PreferenceLinks at(Instant now) {
		return new PreferenceLinks(this.secrets, new PreferenceProperties(Duration.ofDays(90), null, null),
				"https://herald.example/", Clock.fixed(now, ZoneOffset.UTC));
	}

	@Test
	void issuesAbsoluteLinksThatSayWhoAndWhat() {
		PreferenceLinks links = at(ISSUED);
		UUID delivery = UUID.randomUUID();

		String unsubscribe = links.unsubscribe(TENANT, CONTACT, Channel.EMAIL, delivery);
		String preferences = links.preferences(TENANT, CONTACT);

		assertThat(unsubscribe).startsWith("https://herald.example/u/")
			.matches("https://herald\\.example/u/[A-Za-z0-9_-]+");
		assertThat(preferences).startsWith("https://herald.example/p/")
			.matches("https://herald\\.example/p/[A-Za-z0-9_-]+");
		LinkToken link = links.verify(token(unsubscribe), LinkToken.Kind.UNSUBSCRIBE);
		assertThat(link).isEqualTo(new LinkToken(LinkToken.Kind.UNSUBSCRIBE, TENANT, CONTACT, Channel.EMAIL, delivery,
				ISSUED.plus(Duration.ofDays(90))));
		assertThat(
				links.verify(token(links.unsubscribe(TENANT, CONTACT, Channel.SMS, null)), LinkToken.Kind.UNSUBSCRIBE))
			.extracting(LinkToken::channel, LinkToken::deliveryId)
			.containsExactly(Channel.SMS, null);
		assertThat(links.verify(token(preferences), LinkToken.Kind.PREFERENCES)).isEqualTo(new LinkToken(
				LinkToken.Kind.PREFERENCES, TENANT, CONTACT, null, null, ISSUED.plus(Duration.ofDays(90))));
	}

	@Test
	void usesTheConfiguredPublicUrlAndValidity() {
		String link = this.configured.preferences(TENANT, CONTACT);

		assertThat(link).startsWith("http://localhost:8080/p/");
		assertThat(this.configured.verify(token(link), LinkToken.Kind.PREFERENCES).expiresAt())
			.isBetween(Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));
	}

	@Test
	void refusesEveryChangedByte() {
		PreferenceLinks links = at(ISSUED);
		String token = token(links.unsubscribe(TENANT, CONTACT, Channel.EMAIL, UUID.randomUUID()));
		byte[] bytes = Base64.getUrlDecoder().decode(token);

		for (int i = 0; i < bytes.length; i++) {
			byte[] changed = bytes.clone();
			changed[i] ^= 0x01;
			String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
			assertThatThrownBy(() -> links.verify(tampered, LinkToken.Kind.UNSUBSCRIBE)).as("byte %d changed", i)
				.isInstanceOf(LinkRejectedException.class)
				.extracting((ex) -> ((LinkRejectedException) ex).reason())
				.isEqualTo(Reason.INVALID);
		}
	}

	@Test
	void refusesEveryOtherSpellingOfTheLastCharacter() {
		PreferenceLinks links = at(ISSUED);
		String token = token(links.unsubscribe(TENANT, CONTACT, Channel.EMAIL, UUID.randomUUID()));
		String head = token.substring(0, token.length() - 1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

		for (char other : alphabet.toCharArray()) {
			if (other != token.charAt(token.length() - 1)) {
				assertThatThrownBy(() -> links.verify(head + other, LinkToken.Kind.UNSUBSCRIBE))
					.as("last character %s", other)
					.isInstanceOf(LinkRejectedException.class);
			}
		}
	}

	@Test
	void refusesAnotherContactsIdSwappedIn() {
		PreferenceLinks links = at(ISSUED);
		byte[] bytes = Base64.getUrlDecoder().decode(token(links.preferences(TENANT, CONTACT)));
		UUID other = UUID.randomUUID();
		java.nio.ByteBuffer.wrap(bytes, 18, 16)
			.putLong(other.getMostSignificantBits())
			.putLong(other.getLeastSignificantBits());
		String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

		assertRejected(links, swapped, LinkToken.Kind.PREFERENCES, Reason.INVALID);
	}

	@Test
	void expiresAfterTheConfiguredValidity() {
		String token = token(at(ISSUED).preferences(TENANT, CONTACT));

		assertThat(at(ISSUED.plus(Duration.ofDays(90)).minusSeconds(1)).verify(token, LinkToken.Kind.PREFERENCES))
			.isNotNull();
		assertRejected(at(ISSUED.plus(Duration.ofDays(90))), token, LinkToken.Kind.PREFERENCES, Reason.EXPIRED);
	}

	@Test
	void refusesALinkOfTheOtherKindAndGarbage() {
		PreferenceLinks links = at(ISSUED);

		assertRejected(links, token(links.preferences(TENANT, CONTACT)), LinkToken.Kind.UNSUBSCRIBE, Reason.INVALID);
		assertRejected(links, token(links.unsubscribe(TENANT, CONTACT, Channel.SMS, null)), LinkToken.Kind.PREFERENCES,
				Reason.INVALID);
		assertRejected(links, "", LinkToken.Kind.PREFERENCES, Reason.INVALID);
		assertRejected(links, "not base64 at all!", LinkToken.Kind.PREFERENCES, Reason.INVALID);
		assertRejected(links, "AAAA", LinkToken.Kind.PREFERENCES, Reason.INVALID);
		assertRejected(links, "A".repeat(500), LinkToken.Kind.PREFERENCES, Reason.INVALID);
	}

	private static void assertRejected(PreferenceLinks links, String token, LinkToken.Kind kind, Reason reason) {
		assertThatThrownBy(() -> links.verify(token, kind)).isInstanceOf(LinkRejectedException.class)
			.extracting((ex) -> ((LinkRejectedException) ex).reason())
			.isEqualTo(reason);
	}

	private static String token(String link) {
		return link.substring(link.lastIndexOf('/') + 1);
	}

}
