package com.herald.email.smtp;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
 * {@code List-Unsubscribe} with the HTTPS link and a mailto, and
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} (RFC 8058, only with an HTTPS
 * link), and {@code X-Herald-Delivery} to correlate replies and bounces.
 */
public final class SmtpMessages {

	/** The correlation header: Herald's delivery id. */
	public static final String DELIVERY_HEADER = "X-Herald-Delivery";

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
	 * @param unsubscribeUrl the one-click HTTPS unsubscribe link, or null
	 * @param unsubscribeMailto the mailbox that takes unsubscribe requests, or null
	 */
	public record Draft(UUID deliveryId, String fromAddress, @Nullable String fromName, @Nullable String replyTo,
			String to, String subject, String text, @Nullable String html, @Nullable String unsubscribeUrl,
			@Nullable String unsubscribeMailto) {
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
		String listUnsubscribe = listUnsubscribe(draft.unsubscribeUrl(), draft.unsubscribeMailto());
		if (listUnsubscribe != null) {
			message.setHeader("List-Unsubscribe", listUnsubscribe);
			if (isHttps(draft.unsubscribeUrl())) {
				message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
			}
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

	private static @Nullable String listUnsubscribe(@Nullable String url, @Nullable String mailto) {
		List<String> targets = new ArrayList<>(2);
		if (isHttps(url)) {
			targets.add("<" + url + ">");
		}
		if (mailto != null && !mailto.isBlank()) {
			String target = mailto.strip();
			targets.add("<" + (target.startsWith("mailto:") ? target : "mailto:" + target) + ">");
		}
		return targets.isEmpty() ? null : String.join(", ", targets);
	}

	private static boolean isHttps(@Nullable String url) {
		return url != null && url.regionMatches(true, 0, "https://", 0, 8) && url.indexOf('>') < 0
				&& url.indexOf(',') < 0 && url.chars().noneMatch(Character::isWhitespace);
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
