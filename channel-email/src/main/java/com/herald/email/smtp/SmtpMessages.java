package com.herald.email.smtp;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;

/**
 * Builds the MIME message Herald sends over SMTP: {@code multipart/alternative} with the
 * text and HTML parts (text only when there is no HTML), From and Reply-To, a Message-ID
 * made from the delivery id (a retried send keeps it, so receivers can spot duplicates),
 * the List-Unsubscribe headers the caller gives (RFC 2369, RFC 8058), and
 * {@code X-Herald-Delivery} to correlate replies and bounces.
 */
public final class SmtpMessages {

	/** The correlation header: Herald's delivery id. */
	public static final String DELIVERY_HEADER = "X-Herald-Delivery";

	/** The system property that names Jakarta Mail's stream provider. */
	static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

	static {
		nameStreamProvider();
	}

	private static final Session SESSION = Session.getInstance(new java.util.Properties());

	private SmtpMessages() {
	}

	/**
	 * What goes into one message.
	 *
	 * @param deliveryId Herald's delivery id
	 * @param fromAddress the sender's address
	 * @param fromName the sender's display name, or null
	 * @param replyTo where replies go, or null for the sender
	 * @param to the recipient's address
	 * @param subject the subject
	 * @param text the plain-text part
	 * @param html the HTML part, or null for a text-only message
	 * @param headers further headers: List-Unsubscribe and List-Unsubscribe-Post
	 * ({@link com.herald.email.ListUnsubscribe#headers})
	 */
	public record Draft(UUID deliveryId, String fromAddress, @Nullable String fromName, @Nullable String replyTo,
			String to, String subject, String text, @Nullable String html, Map<String, String> headers) {

		public Draft {
			headers = Map.copyOf(headers);
		}

	}

	/**
	 * The message, with every header set ({@code saveChanges} done).
	 * @throws AddressException when an address is not a valid email address
	 */
	public static MimeMessage compose(Draft draft) throws MessagingException {
		InternetAddress from = address(draft.fromAddress(), draft.fromName());
		MimeMessage message = new FixedIdMessage(SESSION, "<" + draft.deliveryId() + "@" + domainOf(from) + ">");
		message.setFrom(from);
		if (draft.replyTo() != null) {
			message.setReplyTo(new InternetAddress[] { address(draft.replyTo(), null) });
		}
		message.setRecipient(jakarta.mail.Message.RecipientType.TO, address(draft.to(), null));
		message.setSubject(draft.subject(), StandardCharsets.UTF_8.name());
		message.setSentDate(new Date());
		if (draft.html() == null) {
			message.setText(draft.text(), StandardCharsets.UTF_8.name(), "plain");
		}
		else {
			MimeMultipart alternative = new MimeMultipart("alternative");
			MimeBodyPart text = new MimeBodyPart();
			text.setText(draft.text(), StandardCharsets.UTF_8.name(), "plain");
			MimeBodyPart html = new MimeBodyPart();
			html.setText(draft.html(), StandardCharsets.UTF_8.name(), "html");
			alternative.addBodyPart(text);
			alternative.addBodyPart(html);
			message.setContent(alternative);
		}
		for (Map.Entry<String, String> header : draft.headers().entrySet()) {
			message.setHeader(header.getKey(), header.getValue());
		}
		message.setHeader(DELIVERY_HEADER, draft.deliveryId().toString());
		message.saveChanges();
		return message;
	}

	/**
	 * The domain of an address ({@code news.example.com} of {@code hi@news.example.com}).
	 */
	public static String domainOf(InternetAddress address) {
		String value = address.getAddress();
		return value.substring(value.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Jakarta Mail 2.1 looks up its {@code StreamProvider} with a new ServiceLoader for
	 * every body part, header block and encoder it creates (jakartaee/mail-api#699,
	 * #861): a scan of the class path's service files, in a Spring Boot jar through its
	 * nested-jar URLs, that took over half the sender's CPU. Naming the implementation
	 * makes each lookup a cached class lookup. Process-wide, once, unless already set.
	 */
	static void nameStreamProvider() {
		String angus = "org.eclipse.angus.mail.util.MailStreamProvider";
		if (System.getProperty(STREAM_PROVIDER) == null) {
			try {
				Class.forName(angus, false, SmtpMessages.class.getClassLoader());
				System.setProperty(STREAM_PROVIDER, angus);
			}
			catch (ClassNotFoundException ex) {
				// another Jakarta Mail implementation: it keeps its own lookup
			}
		}
	}

	private static InternetAddress address(String address, @Nullable String name) throws AddressException {
		InternetAddress parsed = new InternetAddress(address.strip(), true);
		if (name != null && !name.isBlank()) {
			try {
				parsed.setPersonal(name.strip(), StandardCharsets.UTF_8.name());
			}
			catch (UnsupportedEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return parsed;
	}

	/** Keeps the Message-ID Herald chose instead of the random one Jakarta Mail makes. */
	private static final class FixedIdMessage extends MimeMessage {

		private final String messageId;

		FixedIdMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
