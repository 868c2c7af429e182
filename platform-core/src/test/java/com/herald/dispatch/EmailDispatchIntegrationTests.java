package com.herald.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.Schedule;
import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.preference.LinkToken;
import com.herald.preference.PreferenceLinks;
import com.herald.template.EmailContent;
import com.herald.template.TemplateVariables;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An email broadcast through the real engine (launch, materialisation, dispatch workers)
 * to a stand-in provider: each recipient's message arrives with its own subject and HTML,
 * sanitized, with the footer marketing email must carry, a plain-text part, and the
 * one-click unsubscribe URL for {@code List-Unsubscribe}.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailDispatchIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	RecordingEmailChannel provider;

	@Autowired
	PreferenceLinks links;

	TwoTenants two;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
		this.provider.enrol(this.two.a().id().value());
	}

	@Test // #5
	void anEmailBroadcastArrivesPersonalisedSanitizedWithFooterAndOneClickUrl() {
		String tag = BroadcastFixtures.tag();
		List<Contact> audience = new ArrayList<>();
		for (String name : List.of("Ana", "Bo", "Cy")) {
			Contact contact = this.contacts.create(this.admin,
					ContactFixtures.person()
						.firstName(name)
						.storeId(this.two.a().storeOne().getId())
						.attribute("note", "<b>" + name + "</b>")
						.tag(tag)
						.build());
			this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Email me offers", "192.0.2.1", null);
			audience.add(contact);
		}
		Broadcast broadcast = this.broadcasts.create(this.admin, new BroadcastDraft("Email " + tag, null, Channel.EMAIL,
				BroadcastFixtures.tagged(tag), null, null, "promotional", Schedule.NOW, 0));
		this.broadcasts.updateEmail(this.admin, broadcast.id(), new EmailContent(
				"{{ contact.first_name }}, winter sale", "Everything 20% off",
				"<h1>Sale</h1><p onclick=\"steal()\">Hello {{ contact.first_name }} ({{ contact.attributes.note }})"
						+ " <a href=\"https://shop.example/sale\">Shop now</a></p><script>steal()</script>"),
				null);

		this.broadcasts.schedule(this.admin, broadcast.id());
		await("completion",
				() -> this.broadcasts.get(this.admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

		List<OutboundMessage> received = this.provider.received(this.two.a().id().value())
			.stream()
			.filter((message) -> message.metadata().get("broadcastId").equals(broadcast.id().toString()))
			.toList();
		assertThat(received).hasSize(3);
		String address = TemplateVariables.postalAddress(this.two.a().storeOne().getDetails());
		for (Contact contact : audience) {
			OutboundMessage message = received.stream()
				.filter((candidate) -> candidate.to().equals(contact.getEmail()))
				.findFirst()
				.orElseThrow();
			String name = contact.getFirstName();
			assertThat(message.channel()).isEqualTo(Channel.EMAIL);
			assertThat(message.content().subject()).isEqualTo(name + ", winter sale");
			String unsubscribe = message.metadata().get(OutboundMessage.UNSUBSCRIBE_URL);
			assertThat(unsubscribe).startsWith("http").contains(PreferenceLinks.UNSUBSCRIBE_PATH);
			LinkToken token = this.links.verify(unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1),
					LinkToken.Kind.UNSUBSCRIBE);
			assertThat(token.contactId()).isEqualTo(contact.getId());
			assertThat(token.channel()).isEqualTo(Channel.EMAIL);
			assertThat(token.deliveryId()).isEqualTo(message.deliveryId());
			assertThat(message.content().html())
				.contains("<h1>Sale</h1>", "Hello " + name + " (&lt;b&gt;" + name + "&lt;/b&gt;)", "Everything 20% off",
						"<a href=\"" + unsubscribe + "\">Unsubscribe</a>", address)
				.doesNotContain("<script", "steal()", "onclick");
			assertThat(message.content().text()).startsWith("Sale\n\nHello " + name + " (<b>" + name + "</b>)")
				.contains("Shop now (https://shop.example/sale)", "Unsubscribe: " + unsubscribe)
				.endsWith(address);
		}
	}

	@Test
	void anEmailBroadcastNeedsItsContentBeforeItCanBeScheduled() {
		Broadcast broadcast = this.broadcasts.create(this.admin, new BroadcastDraft("Empty email", null, Channel.EMAIL,
				BroadcastFixtures.tagged(BroadcastFixtures.tag()), null, null, "promotional", Schedule.NOW, 0));

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.broadcasts.schedule(this.admin, broadcast.id()))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("html"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.broadcasts.updateEmail(this.admin, broadcast.id(),
					new EmailContent("", null, "<p>Hi {{ contact.frist_name }}</p>"), null))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsOnlyKeys("subject", "html"));
		assertThat(this.broadcasts.email(this.admin, broadcast.id())).isEmpty();
	}

	@Test
	void onlyEmailBroadcastsTakeEmailContent() {
		Broadcast sms = this.broadcasts.create(this.admin, BroadcastFixtures.sms(BroadcastFixtures.tag(), "Hi"));

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.broadcasts.updateEmail(this.admin, sms.id(),
					new EmailContent("Hi", null, "<p>Hi</p>"), null))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsOnlyKeys("channel"));
	}

	@Test
	void anotherTenantCanNeitherReadNorChangeTheEmail() {
		Broadcast broadcast = this.broadcasts.create(this.admin,
				new BroadcastDraft("Private email", null, Channel.EMAIL,
						BroadcastFixtures.tagged(BroadcastFixtures.tag()), null, null, "promotional", Schedule.NOW, 0));
		this.broadcasts.updateEmail(this.admin, broadcast.id(), new EmailContent("Secret", null, "<p>Mine</p>"), null);
		Actor other = this.two.b().admin(this.accounts);

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.broadcasts.email(other, broadcast.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.broadcasts.updateEmail(other,
				broadcast.id(), new EmailContent("Theirs", null, "<p>Theirs</p>"), null));
		assertThat(this.broadcasts.email(this.admin, broadcast.id()))
			.contains(new EmailContent("Secret", null, "<p>Mine</p>"));
		Broadcast copy = this.broadcasts.duplicate(this.admin, broadcast.id());
		assertThat(this.broadcasts.email(this.admin, copy.id()))
			.contains(new EmailContent("Secret", null, "<p>Mine</p>"));
	}

}
