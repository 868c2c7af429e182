package com.herald.email.tracking;

import java.util.Collection;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Rewrites an email's HTML for tracking: each {@code <a href>} to an http(s) URL becomes
 * a signed redirect ({@code /t/c/{token}}) and a 1x1 pixel ({@code /t/o/{token}}) goes at
 * the end of the body. Never rewritten: unsubscribe and preference links (the message's
 * one-click URL, and any link to Herald's own {@code /u/} and {@code /p/} pages), links
 * marked {@code data-herald-no-track}, and anything that is not http(s) (mailto:, tel:,
 * anchors).
 */
final class TrackingLinks {

	/** An anchor's href, quoted either way; group 1 is the tag up to the value. */
	private static final Pattern ANCHOR_HREF = Pattern
		.compile("(<a\\b[^>]*?\\shref\\s*=\\s*)(?:\"([^\"]*)\"|'([^']*)')([^>]*>)", Pattern.CASE_INSENSITIVE);

	private static final Pattern BODY_END = Pattern.compile("</body\\s*>", Pattern.CASE_INSENSITIVE);

	private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|quot|apos|lt|gt);");

	private final TrackingTokens tokens;

	private final String base;

	private final Collection<String> herald;

	/**
	 * @param tokens signs the links
	 * @param publicUrl Herald's public address, where the tracking endpoints are
	 * @param ownPages paths of Herald's public pages whose links are never tracked
	 */
	TrackingLinks(TrackingTokens tokens, String publicUrl, Collection<String> ownPages) {
		this.tokens = tokens;
		this.base = publicUrl.strip().replaceAll("/+$", "");
		this.herald = ownPages.stream().map((path) -> this.base + path).toList();
	}

	/**
	 * The HTML with its links rewritten and the pixel added.
	 * @param unsubscribeUrl the message's one-click unsubscribe link, never rewritten
	 */
	String rewrite(String html, UUID deliveryId, @Nullable String unsubscribeUrl) {
		Matcher anchors = ANCHOR_HREF.matcher(html);
		StringBuilder out = new StringBuilder(html.length() + 256);
		while (anchors.find()) {
			String raw = (anchors.group(2) != null) ? anchors.group(2) : anchors.group(3);
			String url = decode(raw).strip();
			String tag = anchors.group(1) + anchors.group(4);
			String replacement = anchors.group();
			if (trackable(url) && !neverTracked(url, unsubscribeUrl)
					&& !tag.toLowerCase(Locale.ROOT).contains("data-herald-no-track")) {
				replacement = anchors.group(1) + "\"" + this.base + "/t/c/" + this.tokens.click(deliveryId, url) + "\""
						+ anchors.group(4);
			}
			anchors.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		anchors.appendTail(out);
		String pixel = "<img src=\"" + this.base + "/t/o/" + this.tokens.open(deliveryId)
				+ "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">";
		Matcher end = BODY_END.matcher(out);
		int at = -1;
		while (end.find()) {
			at = end.start();
		}
		if (at >= 0) {
			out.insert(at, pixel);
		}
		else {
			out.append(pixel);
		}
		return out.toString();
	}

	/** Whether a URL may be a redirect target: absolute http(s), not too long. */
	static boolean trackable(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		return (lower.startsWith("http://") || lower.startsWith("https://"))
				&& url.length() <= TrackingTokens.MAX_URL_CHARS && url.chars().noneMatch((c) -> c <= 0x20);
	}

	private boolean neverTracked(String url, @Nullable String unsubscribeUrl) {
		if (unsubscribeUrl != null && url.equals(unsubscribeUrl.strip())) {
			return true;
		}
		return this.herald.stream().anyMatch(url::startsWith);
	}

	/** HTML character references in an attribute value, as a browser reads them. */
	private static String decode(String value) {
		if (value.indexOf('&') < 0) {
			return value;
		}
		Matcher entities = ENTITY.matcher(value);
		StringBuilder out = new StringBuilder(value.length());
		while (entities.find()) {
			String name = entities.group(1);
			String replacement = switch (name) {
				case "amp" -> "&";
				case "quot" -> "\"";
				case "apos" -> "'";
				case "lt" -> "<";
				case "gt" -> ">";
				default -> {
					int code = (name.charAt(1) == 'x' || name.charAt(1) == 'X')
							? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
					yield Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "";
				}
			};
			entities.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		entities.appendTail(out);
		return out.toString();
	}

}
