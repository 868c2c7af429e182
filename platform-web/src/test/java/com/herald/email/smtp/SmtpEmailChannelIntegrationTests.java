package com.herald.email.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.channel.ChannelRegistry;
import com.herald.channel.CommunicationChannel;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.consent.Channel;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.dkim.DkimVerifier;
import com.herald.email.dkim.SenderDomain;
import com.herald.email.dkim.SenderDomainService;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMTP provider end to end: a tenant's messages go through its own SMTP server (a
 * real one, GreenMail) over one reused connection, as multipart text and HTML with the
 * tenant's sender, Message-ID, List-Unsubscribe (RFC 8058) and the correlation header;
 * messages from a confirmed sender domain carry a DKIM signature that verifies with the
 * published key; another tenant's server, settings and key are never used; a mailbox the
 * server does not know becomes a bounce suppression.
 */
@HeraldWebTest
class SmtpEmailChannelIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SmtpSettingsService smtpSettings;

	@Autowired
	EmailSettingsService emailSettings;

	@Autowired
	SenderDomainService domains;

	@Autowired
	ChannelRegistry registry;

	@Autowired
	SmtpConnections connections;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	com.herald.broadcast.BroadcastService broadcasts;

	@Autowired
	com.herald.contact.ContactService contacts;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Autowired
	com.herald.tenancy.TenantTransactions transactions;

	private com.herald.email.EmailTestDeliveries deliveries;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	private String domain;

	@BeforeEach
	void tenantWithSmtp() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.deliveries = new com.herald.email.EmailTestDeliveries(this.broadcasts, this.contacts, this.jdbc,
				this.transactions);
		this.domain = "news-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
		this.emailSettings.save(this.admin, null, new EmailSettingsChange("Acme News", "offers@" + this.domain,
				"help@" + this.domain, "smtp", null, null, false, null));
		useServer(this.admin, greenMail.getSmtp().getPort());
	}

	@Test
	void sendsMultipartMailWithTheTenantsSenderAndHeadersOverOneConnection() throws Exception {
		CommunicationChannel channel = this.registry.resolve(this.tenant.id().value(), null, Channel.EMAIL)
			.orElseThrow();
		long opened = this.connections.connectionsOpened();
		UUID first = UUID.randomUUID();

		assertThat(channel.provider()).isEqualTo("smtp");
		assertThat(channel.send(message(first, "anna@example.org")).outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
		for (int i = 0; i < 9; i++) {
			assertThat(channel.send(message(UUID.randomUUID(), "reader" + i + "@example.org")).outcome())
				.isEqualTo(SendResult.Outcome.ACCEPTED);
		}

		assertThat(greenMail.waitForIncomingEmail(10_000, 10)).isTrue();
		assertThat(this.connections.connectionsOpened() - opened).as("connections opened for 10 messages").isEqualTo(1);
		MimeMessage received = greenMail.getReceivedMessagesForDomain("anna@example.org")[0];
		assertThat(received.getHeader("From")[0]).isEqualTo("Acme News <offers@" + this.domain + ">");
		assertThat(received.getHeader("Reply-To")[0]).isEqualTo("help@" + this.domain);
		assertThat(received.getSubject()).isEqualTo("Spring sale");
		assertThat(received.getMessageID()).isEqualTo("<" + first + "@" + this.domain + ">");
		assertThat(received.getHeader("X-Herald-Delivery")[0]).isEqualTo(first.toString());
		assertThat(received.getHeader("List-Unsubscribe")[0]).startsWith("<https://herald.test/u/token-" + first);
		assertThat(received.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(received.getHeader("DKIM-Signature")).as("no confirmed sender domain yet").isNull();
		MimeMultipart parts = (MimeMultipart) received.getContent();
		assertThat(received.getContentType()).startsWith("multipart/alternative");
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
		assertThat(parts.getBodyPart(0).getContent().toString()).contains("Sale starts now");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
		assertThat(parts.getBodyPart(1).getContent().toString()).contains("<h1>Sale</h1>");
	}

	@Test
	void signsMailFromAConfirmedSenderDomainSoTheFirstReceiverCanVerifyIt() throws Exception {
		SenderDomain added = this.domains.add(this.admin, this.domain);
		this.domains.confirmPublished(this.admin, added.id(), true);
		CommunicationChannel channel = smtp();

		UUID delivery = UUID.randomUUID();

		channel.send(message(delivery, "signed@example.org"));

		assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
		MimeMessage received = greenMail.getReceivedMessagesForDomain("signed@example.org")[0];
		// the engine's one-click link is HTTPS here (as with an https public URL): the
		// header carries it and the mailto, and one-click is offered
		assertThat(jakarta.mail.internet.MimeUtility.unfold(received.getHeader("List-Unsubscribe")[0]))
			.isEqualTo("<https://herald.test/u/token-" + delivery + ">, <mailto:"
					+ com.herald.support.StandIns.UNSUBSCRIBE_MAILTO + "?subject=unsubscribe>");
		assertThat(received.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
		byte[] raw = GreenMailUtil.getWholeMessage(received).getBytes(StandardCharsets.ISO_8859_1);
		DkimVerifier.Verified verified = DkimVerifier.verify(raw, added.dkimRecordValue());
		assertThat(verified.tags()).containsEntry("d", this.domain).containsEntry("s", added.selector());
		assertThat(verified.signedHeaders()).contains("from", "subject", "list-unsubscribe", "list-unsubscribe-post");
		// a receiver checks the signature over the headers as they arrived
		String tampered = new String(raw, StandardCharsets.ISO_8859_1).replace("herald.test/u/token-",
				"evil.test/u/token-");
		org.assertj.core.api.Assertions
			.assertThatThrownBy(
					() -> DkimVerifier.verify(tampered.getBytes(StandardCharsets.ISO_8859_1), added.dkimRecordValue()))
			.isInstanceOf(AssertionError.class);
	}

	@Test
	void keepsEachTenantsServerAndKeyToItself() throws Exception {
		SenderDomain added = this.domains.add(this.admin, this.domain);
		this.domains.confirmPublished(this.admin, added.id(), true);
		TwoTenants.TenantFixture other = this.tenancy.tenant();
		Actor otherAdmin = other.admin(this.accounts);
		CommunicationChannel channel = smtp();

		assertThat(channel.configuredFor(other.id().value(), null)).as("the other tenant has no SMTP server").isFalse();
		assertThat(this.registry.resolve(other.id().value(), null, Channel.EMAIL).orElseThrow().provider())
			.isEqualTo("sandbox");

		try (ScriptedSmtpServer otherServer = new ScriptedSmtpServer()) {
			useServer(otherAdmin, otherServer.port());
			// the other tenant claims the same From domain, but never confirmed a key of
			// its own
			this.emailSettings.save(otherAdmin, null,
					new EmailSettingsChange("Copycat", "offers@" + this.domain, null, "smtp", null, null, false, null));

			SendResult result = channel
				.send(new OutboundMessage(other.id().value(), null, UUID.randomUUID(), Channel.EMAIL,
						"victim@example.org", new MessageContent("Hi", "Hi", "<p>Hi</p>"), "promotional", Map.of()));

			assertThat(result.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
			assertThat(otherServer.messages()).hasSize(1);
			assertThat(new String(otherServer.messages().get(0), StandardCharsets.ISO_8859_1))
				.doesNotContain("DKIM-Signature");
		}
		assertThat(greenMail.getReceivedMessages()).as("nothing of the other tenant reached this tenant's server")
			.isEmpty();
	}

	@Test
	void turnsAnUnknownMailboxIntoABounceSuppression() throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
			useServer(this.admin, server.port());
			String address = "gone-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
			server.replyToRcpt(address, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
			UUID delivery = this.deliveries.create(this.tenant.id(), this.admin, address, "sending");

			SendResult result = smtp().send(message(delivery, address));

			assertThat(result.outcome()).isEqualTo(SendResult.Outcome.FAILED);
			assertThat(result.errorCode()).isEqualTo("smtp-550");
			assertThat(this.suppressions.find(this.tenant.id(), Channel.EMAIL, address)).get()
				.satisfies((suppression) -> assertThat(suppression.reason()).isEqualTo(SuppressionReason.BOUNCED));
		}
	}

	private void useServer(Actor actor, int port) {
		this.smtpSettings.save(actor, null,
				new SmtpSettingsChange("127.0.0.1", String.valueOf(port), "none", null, null, false));
	}

	private CommunicationChannel smtp() {
		return this.registry.byProvider(Channel.EMAIL, "smtp").orElseThrow();
	}

	private OutboundMessage message(UUID deliveryId, String to) {
		return new OutboundMessage(this.tenant.id().value(), null, deliveryId, Channel.EMAIL, to, new MessageContent(
				"Sale starts now.\nSee you there.", "Spring sale",
				"<html><body><h1>Sale</h1><p><a href=\"https://shop.example.com/sale\">Shop</a></p></body></html>"),
				"promotional", Map.of("unsubscribeUrl", "https://herald.test/u/token-" + deliveryId));
	}

}
