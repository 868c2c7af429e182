package com.herald.email.smtp;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jspecify.annotations.Nullable;

import com.herald.channel.SendResult;

/**
 * A message the SMTP server did not take, and what the engine should make of it: a 4xx
 * reply is temporary (retry), a 5xx reply is permanent for this recipient (550 for an
 * unknown mailbox also marks the address as bounced), and a connection lost once the
 * server had accepted DATA is an unknown outcome (the message may have been delivered),
 * held rather than sent again. Failures before DATA that carry no reply (refused or
 * dropped connection) are retried.
 */
public class SmtpFailure extends Exception {

	/** Enhanced status codes (RFC 3463) in a reply: {@code 5.1.1}. */
	private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

	private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"]+@[^\\s<>\"]+");

	private final int replyCode;

	private final boolean dataStarted;

	private final boolean recipientRefused;

	private SmtpFailure(String message, int replyCode, boolean dataStarted, boolean recipientRefused, Throwable cause) {
		super(message, cause);
		this.replyCode = replyCode;
		this.dataStarted = dataStarted;
		this.recipientRefused = recipientRefused;
	}

	private SmtpFailure(String message) {
		super(message);
		this.replyCode = -1;
		this.dataStarted = false;
		this.recipientRefused = false;
	}

	static SmtpFailure unavailable(String message) {
		return new SmtpFailure(message);
	}

	static SmtpFailure connecting(SmtpServer server, MessagingException ex) {
		String what = (ex instanceof AuthenticationFailedException) ? "The SMTP server refused the login"
				: "Could not connect to " + server;
		return new SmtpFailure(what + ": " + rootMessage(ex), replyCode(ex), false, false, ex);
	}

	static SmtpFailure sending(MessagingException ex, boolean dataStarted) {
		int code = replyCode(ex);
		boolean refused = refusedRecipient(ex) != null;
		String text = (code > 0) ? serverReply(ex) : "Connection lost: " + rootMessage(ex);
		return new SmtpFailure(text, code, dataStarted, refused, ex);
	}

	/** The server's reply code, or -1 when the failure carried none (I/O). */
	public int replyCode() {
		return this.replyCode;
	}

	/**
	 * Whether the server never accepted DATA for the message, so nothing was delivered.
	 */
	public boolean beforeData() {
		return !this.dataStarted;
	}

	/**
	 * Whether the server said the mailbox does not exist: 550, 551 or 553 to RCPT, with
	 * no enhanced code or a 5.1.x one (5.7.x is policy, not the address).
	 */
	public boolean unknownRecipient() {
		if (!this.recipientRefused || (this.replyCode != 550 && this.replyCode != 551 && this.replyCode != 553)) {
			return false;
		}
		Matcher enhanced = ENHANCED.matcher(String.valueOf(getMessage()));
		return !enhanced.find() || ("5".equals(enhanced.group(1)) && "1".equals(enhanced.group(2)));
	}

	/** The outcome for the engine. */
	public SendResult toResult(UUID deliveryId) {
		String message = truncate(ADDRESS.matcher(String.valueOf(getMessage())).replaceAll("<recipient>"));
		if (this.replyCode >= 500) {
			return SendResult.failed(deliveryId, "smtp-" + this.replyCode, message, false);
		}
		if (this.replyCode >= 400) {
			return SendResult.retry(deliveryId, "smtp-" + this.replyCode, message, null);
		}
		if (this.dataStarted) {
			return SendResult.unknown(deliveryId, message);
		}
		return SendResult.retry(deliveryId,
				(getCause() instanceof AuthenticationFailedException) ? "smtp-auth" : "smtp-connection", message, null);
	}

	private static int replyCode(MessagingException ex) {
		SMTPAddressFailedException refused = refusedRecipient(ex);
		if (refused != null) {
			return refused.getReturnCode();
		}
		for (Exception e = ex; e != null; e = (e instanceof MessagingException m) ? m.getNextException() : null) {
			if (e instanceof SMTPSenderFailedException sender) {
				return sender.getReturnCode();
			}
			if (e instanceof SMTPSendFailedException send && send.getReturnCode() > 0) {
				return send.getReturnCode();
			}
		}
		return -1;
	}

	private static @Nullable SMTPAddressFailedException refusedRecipient(MessagingException ex) {
		for (Exception e = ex; e != null; e = (e instanceof MessagingException m) ? m.getNextException() : null) {
			if (e instanceof SMTPAddressFailedException address) {
				return address;
			}
		}
		return null;
	}

	private static String serverReply(MessagingException ex) {
		SMTPAddressFailedException refused = refusedRecipient(ex);
		String text = (refused != null) ? refused.getMessage() : ex.getMessage();
		return (text != null) ? text.strip() : "The SMTP server refused the message";
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

	private static String truncate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) : text;
	}

}
