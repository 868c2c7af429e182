package com.herald.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.tenancy.InvalidInputException;

/**
 * Checks, compiles and renders email content for templates, broadcasts and previews.
 * <p>
 * Saving: the subject and the HTML are required, every part's Liquid must parse and name
 * only known variables, and the HTML is sanitized ({@link EmailHtml#sanitizeSource}).
 * Rendering for one recipient: variables are HTML-escaped inside the HTML (a contact
 * attribute holding markup shows as text), the result is sanitized again, promotional
 * email gets the footer with the unsubscribe link (unless the author already links
 * {@code {{ unsubscribe_url }}}) and the postal address, the plain-text part is derived
 * from the final HTML, and the preheader is hidden at the top of the body.
 */
@Component
public class EmailComposer {

	public static final int MAX_SUBJECT = 998;

	public static final int MAX_PREHEADER = 500;

	private final MessageRenderer renderer;

	EmailComposer(MessageRenderer renderer) {
		this.renderer = renderer;
	}

	/**
	 * Checks what an author wrote and returns it cleaned: trimmed subject and preheader,
	 * sanitized HTML.
	 * @param prefix put before each field name in errors ({@code ""} or {@code "email."})
	 * @throws InvalidInputException naming each bad field ({@code subject},
	 * {@code preheader}, {@code html})
	 */
	public EmailContent check(String prefix, @Nullable String subject, @Nullable String preheader,
			@Nullable String html) {
		Map<String, String> errors = new LinkedHashMap<>();
		String cleanSubject = (subject != null) ? subject.strip() : "";
		if (cleanSubject.isEmpty()) {
			errors.put(prefix + "subject", "Give the email a subject");
		}
		else if (cleanSubject.length() > MAX_SUBJECT) {
			errors.put(prefix + "subject", "Keep the subject under " + MAX_SUBJECT + " characters");
		}
		else if (cleanSubject.contains("\n") || cleanSubject.contains("\r")) {
			errors.put(prefix + "subject", "Keep the subject on one line");
		}
		else {
			LiquidErrors.find(this.renderer, "subject", cleanSubject)
				.ifPresent((message) -> errors.put(prefix + "subject", message));
		}
		String cleanPreheader = (preheader != null && !preheader.isBlank()) ? preheader.strip() : null;
		if (cleanPreheader != null) {
			if (cleanPreheader.length() > MAX_PREHEADER) {
				errors.put(prefix + "preheader", "Keep the preheader under " + MAX_PREHEADER + " characters");
			}
			else {
				LiquidErrors.find(this.renderer, "preheader", cleanPreheader)
					.ifPresent((message) -> errors.put(prefix + "preheader", message));
			}
		}
		String cleanHtml = "";
		if (html == null || html.isBlank()) {
			errors.put(prefix + "html", "Write the email");
		}
		else if (html.getBytes(StandardCharsets.UTF_8).length > MessageRenderer.MAX_TEMPLATE_BYTES) {
			errors.put(prefix + "html", "Keep the HTML under " + (MessageRenderer.MAX_TEMPLATE_BYTES / 1024) + " KB");
		}
		else {
			cleanHtml = EmailHtml.sanitizeSource(html);
			if (cleanHtml.isBlank()) {
				errors.put(prefix + "html", "Nothing is left once scripts and unsafe markup are removed");
			}
			else {
				LiquidErrors.find(this.renderer, "html", cleanHtml)
					.ifPresent((message) -> errors.put(prefix + "html", message));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new EmailContent(cleanSubject, cleanPreheader, cleanHtml);
	}

	/** Parses the three parts once, to render them for many recipients. */
	public Compiled compile(EmailContent content) {
		return new Compiled(this.renderer.compile("subject", content.subject()),
				(content.preheader() != null) ? this.renderer.compile("preheader", content.preheader()) : null,
				this.renderer.compile("html", content.html()));
	}

	/**
	 * Renders an email for one recipient.
	 * @param variables the recipient's values ({@code contact}, {@code store}, …); the
	 * footer's links are added as {@code unsubscribe_url} and {@code preferences_url}
	 */
	public RenderedEmail render(Compiled email, Map<String, Object> variables, EmailFooter footer) {
		Map<String, Object> values = new LinkedHashMap<>(variables);
		values.put("unsubscribe_url", (footer.unsubscribeUrl() != null) ? footer.unsubscribeUrl() : "");
		values.put("preferences_url", (footer.preferencesUrl() != null) ? footer.preferencesUrl() : "");
		String subject = oneLine(this.renderer.render(email.subject(), values));
		String preheader = (email.preheader() != null) ? oneLine(this.renderer.render(email.preheader(), values))
				: null;
		String body = EmailHtml.sanitize(this.renderer.render(email.html(), escaped(values)));
		EmailHtml.Reading reading = EmailHtml.read(body);
		StringBuilder html = new StringBuilder(body.length() + 1024);
		StringBuilder footerText = new StringBuilder();
		if (footer.promotional()) {
			boolean linked = footer.unsubscribeUrl() != null && reading.links().contains(footer.unsubscribeUrl());
			html.append("<div style=\"margin-top:24px;padding-top:12px;border-top:1px solid #dddddd;")
				.append("font-size:12px;color:#666666\">");
			if (!linked && footer.unsubscribeUrl() != null) {
				html.append("<p><a href=\"")
					.append(EmailHtml.escape(footer.unsubscribeUrl()))
					.append("\">")
					.append("Unsubscribe</a>");
				footerText.append("Unsubscribe: ").append(footer.unsubscribeUrl()).append('\n');
				if (footer.preferencesUrl() != null) {
					html.append(" · <a href=\"")
						.append(EmailHtml.escape(footer.preferencesUrl()))
						.append("\">Email preferences</a>");
					footerText.append("Email preferences: ").append(footer.preferencesUrl()).append('\n');
				}
				html.append("</p>");
			}
			if (footer.postalAddress() != null && !footer.postalAddress().isBlank()) {
				html.append("<p>").append(EmailHtml.escape(footer.postalAddress())).append("</p>");
				footerText.append(footer.postalAddress()).append('\n');
			}
			html.append("</div>");
		}
		String footerHtml = html.toString();
		String text = reading.text();
		if (!footerText.isEmpty()) {
			text = text + "\n\n--\n" + footerText.toString().strip();
		}
		StringBuilder document = new StringBuilder(body.length() + footerHtml.length() + 512);
		document.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>")
			.append(EmailHtml.escape(subject))
			.append("</title></head><body>");
		if (preheader != null && !preheader.isEmpty()) {
			// shown by inboxes next to the subject, hidden in the opened message
			document.append("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">")
				.append(EmailHtml.escape(preheader))
				.append("</div>");
		}
		document.append(body).append(footerHtml).append("</body></html>");
		return new RenderedEmail(subject, preheader, document.toString(), text);
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n]+", " ").strip();
	}

	/** The variables with every text HTML-escaped, for rendering inside HTML. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> escaped(Map<String, Object> variables) {
		Map<String, Object> copy = new LinkedHashMap<>();
		variables.forEach((key, value) -> copy.put(key, escapedValue(value)));
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Object escapedValue(@Nullable Object value) {
		if (value instanceof String text) {
			return EmailHtml.escape(text);
		}
		if (value instanceof Map<?, ?> map) {
			return escaped((Map<String, Object>) map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(escapedValue(item)));
			return copy;
		}
		return value;
	}

	/**
	 * Email content parsed once.
	 *
	 * @param subject the subject
	 * @param preheader the preheader, if any
	 * @param html the HTML body
	 */
	public record Compiled(CompiledTemplate subject, @Nullable CompiledTemplate preheader, CompiledTemplate html) {
	}

}
