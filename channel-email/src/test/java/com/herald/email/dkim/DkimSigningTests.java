package com.herald.email.dkim;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.herald.email.smtp.SmtpConnections;
import com.herald.email.smtp.SmtpMessages;
import com.herald.email.smtp.SmtpProperties;
import com.herald.email.smtp.SmtpSecurity;
import com.herald.email.smtp.SmtpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Messages signed with a sender domain's key arrive at a real SMTP server (GreenMail)
 * with a DKIM signature that an independent verifier, written from RFC 6376, accepts with
 * the public key from the DNS record Herald shows; a changed header or body fails it.
 */
class DkimSigningTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	private final KeyPair keys = DkimKeys.generate();

	private final String dns = DkimKeys.dnsValue(DkimKeys.publicKeyBase64(this.keys.getPublic()));

	private final SmtpConnections connections = new SmtpConnections(new SmtpProperties(2, 100, Duration.ofMinutes(1),
			Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 50), "herald.test");

	@AfterEach
	void close() {
		this.connections.close();
	}

	@Test
	void signsWhatReceiversCanVerifyWithThePublishedKey() throws Exception {
		byte[] received = sendSigned(draft("Ünïcode subject — sale", "Hello   there  \n\nBye\n\n\n",
				"<p>Hello <b>there</b></p>\n<p>Long line " + "x".repeat(200) + "</p>"));

		DkimVerifier.Verified verified = DkimVerifier.verify(received, this.dns);

		assertThat(verified.tags()).containsEntry("d", "news.example.com").containsEntry("s", "herald20261204");
		assertThat(verified.signedHeaders()).contains("from", "to", "subject", "date", "message-id", "list-unsubscribe",
				"list-unsubscribe-post", "mime-version", "content-type", "x-herald-delivery");
	}

	@Test
	void failsVerificationWhenTheSubjectOrBodyChangedOnTheWay() throws Exception {
		byte[] received = sendSigned(draft("Original subject", "Body text", null));
		String raw = new String(received, java.nio.charset.StandardCharsets.ISO_8859_1);

		byte[] otherSubject = raw.replace("Subject: Original subject", "Subject: Changed subject")
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		byte[] otherBody = raw.replace("Body text", "Body text!")
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

		assertThat(raw).contains("Subject: Original subject").contains("Body text");
		assertThatThrownBy(() -> DkimVerifier.verify(otherSubject, this.dns)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("signature b=");
		assertThatThrownBy(() -> DkimVerifier.verify(otherBody, this.dns)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("body hash");
	}

	@Test
	void failsVerificationWithAnotherDomainsKey() throws Exception {
		byte[] received = sendSigned(draft("Subject", "Body", "<p>Body</p>"));
		String otherKey = DkimKeys.dnsValue(DkimKeys.publicKeyBase64(DkimKeys.generate().getPublic()));

		assertThatThrownBy(() -> DkimVerifier.verify(received, otherKey)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("signature b=");
	}

	@Test
	void signsBeforeTheMessageIsWrittenSoNoPooledConnectionWaitsForIt() throws Exception {
		MimeMessage signed = DkimSigning.sign(SmtpMessages.compose(draft("Subject", "Body", "<p>Body</p>")),
				new DkimKey("news.example.com", "herald20261204", (RSAPrivateKey) this.keys.getPrivate()));
		java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
		signed.writeTo(written);

		assertThat(signed.getHeader("DKIM-Signature")).singleElement().asString().contains("d=news.example.com");
		DkimVerifier.verify(written.toByteArray(), this.dns);
	}

	@Test
	void splitsTheLongTxtRecordIntoStringsOf255() {
		String quoted = DkimKeys.dnsValueQuoted(DkimKeys.publicKeyBase64(this.keys.getPublic()));

		assertThat(quoted).startsWith("\"v=DKIM1; k=rsa; p=MII");
		assertThat(quoted.split("\" \"")).hasSizeGreaterThan(1)
			.allSatisfy((part) -> assertThat(part.replace("\"", "")).hasSizeLessThanOrEqualTo(255));
		assertThat(quoted.replace("\" \"", "").replace("\"", "")).isEqualTo(this.dns);
	}

	private SmtpMessages.Draft draft(String subject, String text, String html) {
		return new SmtpMessages.Draft(UUID.randomUUID(), "offers@news.example.com", "Example News", null,
				"anna@example.org", subject, text, html,
				Map.of("List-Unsubscribe", "<https://herald.example/u/abc123>, <mailto:unsubscribe@news.example.com>",
						"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
	}

	private byte[] sendSigned(SmtpMessages.Draft draft) throws Exception {
		MimeMessage message = SmtpMessages.compose(draft);
		MimeMessage signed = DkimSigning.sign(message,
				new DkimKey("news.example.com", "herald20261204", (RSAPrivateKey) this.keys.getPrivate()));
		this.connections.send(new SmtpServer("127.0.0.1", greenMail.getSmtp().getPort(), SmtpSecurity.NONE, null, null),
				signed, new Address[] { new InternetAddress(draft.to()) });
		assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
		MimeMessage received = greenMail.getReceivedMessages()[greenMail.getReceivedMessages().length - 1];
		return GreenMailUtil.getWholeMessage(received).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
	}

}
