package com.herald.email.smtp;

import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpMessagesTests {

	@Test
	void namesJakartaMailsStreamProviderSoBuildingAMessageDoesNotScanTheClassPath() throws Exception {
		MimeMessage message = SmtpMessages.compose(new SmtpMessages.Draft(UUID.randomUUID(), "offers@news.example.com",
				"Acme", null, "anna@example.org", "Sale", "Text", "<p>Html</p>", Map.of()));

		assertThat(message.getContentType()).startsWith("multipart/alternative");
		// set once when the class loads; Jakarta Mail then instantiates it by name
		// instead of a ServiceLoader scan per body part
		assertThat(System.getProperty(SmtpMessages.STREAM_PROVIDER)).isEqualTo(MailStreamProvider.class.getName());
		assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
	}

}
