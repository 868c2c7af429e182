package com.herald.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.HtmlSanitizer;
import org.owasp.html.PolicyFactory;

/**
 * The HTML an email may carry, and its plain-text twin. The policy (OWASP Java HTML
 * Sanitizer) keeps ordinary email markup: tables with their layout attributes, headings,
 * lists, images, links to http, https, mailto and tel, and inline styles the sanitizer's
 * CSS schema accepts. Scripts, event handlers, forms, frames, {@code <style>} blocks and
 * {@code javascript:} URLs are dropped.
 */
public final class EmailHtml {

	private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
		.allowElements("a", "abbr", "b", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
				"colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
				"img", "ins", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong", "sub",
				"sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul")
		.allowStandardUrlProtocols()
		.allowUrlProtocols("tel")
		.allowAttributes("href", "name")
		.onElements("a")
		.allowAttributes("src", "alt", "width", "height", "border")
		.onElements("img")
		.allowAttributes("align", "valign", "width", "height", "bgcolor", "border", "cellpadding", "cellspacing",
				"colspan", "rowspan", "background")
		.onElements("table", "tbody", "thead", "tfoot", "tr", "td", "th", "col", "colgroup", "div", "p", "h1", "h2",
				"h3", "h4", "h5", "h6", "center", "hr", "img")
		.allowAttributes("color", "face", "size")
		.onElements("font")
		.allowAttributes("title", "dir", "lang", "role", "class", "id")
		.globally()
		.allowStyling()
		.toFactory();

	// Liquid output and tags; the sanitizer would mangle their braces and quotes
	private static final Pattern LIQUID = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);

	private static final Set<String> BLOCKS = Set.of("address", "blockquote", "center", "div", "dl", "dt", "dd", "h1",
			"h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "table", "tr", "ul", "caption");

	/** Herald's own links, which an author may put in an attribute as they are. */
	private static final Pattern HERALD_LINKS = Pattern
		.compile("\\{\\{-?\\s*(unsubscribe_url|preferences_url)\\s*-?}}");

	private static final Pattern FILTER = Pattern.compile("\\|\\s*([A-Za-z_]+)");

	private static final Pattern TAG_NAME = Pattern.compile("^\\{%-?\\s*([A-Za-z_]+)");

	private static final Pattern ELEMENT = Pattern.compile("<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>");

	/** Filters that give text, numbers or dates from escaped text, never markup. */
	private static final Set<String> SAFE_FILTERS = Set.of("abs", "append", "at_least", "at_most", "capitalize", "ceil",
			"date", "default", "divided_by", "downcase", "escape", "escape_once", "first", "floor", "join", "last",
			"lstrip", "minus", "modulo", "plus", "prepend", "remove", "remove_first", "replace", "replace_first",
			"round", "rstrip", "size", "strip", "strip_html", "strip_newlines", "times", "truncate", "truncatewords",
			"upcase", "url_encode");

	private static final Set<String> BLOCKS_OPENED = Set.of("if", "unless", "case", "for", "capture", "comment");

	private static final Set<String> INNER_TAGS = Set.of("else", "elsif", "when", "break", "continue", "assign");

	private static final Set<String> VOID = Set.of("br", "hr", "img", "col", "wbr");

	private static final Set<String> HIDDEN = Set.of("head", "style", "script", "title", "template", "noscript");

	private EmailHtml() {
	}

	/**
	 * Sanitizes HTML that is about to be sent (or shown in a preview frame).
	 */
	public static String sanitize(String html) {
		return POLICY.sanitize(html);
	}

	/**
	 * Sanitizes a template's HTML source when it is saved, leaving its Liquid markup as
	 * written: each {@code {{ … }}} and {@code {% … %}} stands aside as a plain word
	 * while the markup around it is cleaned, then comes back. What the Liquid renders is
	 * sanitized again after rendering ({@link #sanitize}), so nothing it produces escapes
	 * the policy either. A Liquid tag between table rows or cells (not inside a cell) is
	 * moved out of the table, as any stray text there would be.
	 */
	public static String sanitizeSource(String source) {
		List<String> tokens = new ArrayList<>();
		String mark = mark(source);
		Matcher matcher = LIQUID.matcher(source);
		StringBuilder protectedSource = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(protectedSource, Matcher.quoteReplacement(mark + tokens.size() + "x"));
			tokens.add(matcher.group());
		}
		matcher.appendTail(protectedSource);
		String clean = POLICY.sanitize(protectedSource.toString());
		if (tokens.isEmpty()) {
			return clean;
		}
		Matcher placeholders = Pattern.compile(Pattern.quote(mark) + "(\\d+)x").matcher(clean);
		StringBuilder restored = new StringBuilder();
		while (placeholders.find()) {
			int index = Integer.parseInt(placeholders.group(1));
			String token = (index < tokens.size()) ? tokens.get(index) : "";
			// inside a tag the sanitizer quotes attributes with ", so Liquid strings
			// there use '
			if (insideTag(clean, placeholders.start())) {
				token = token.replace('"', '\'');
			}
			placeholders.appendReplacement(restored, Matcher.quoteReplacement(token));
		}
		placeholders.appendTail(restored);
		return restored.toString();
	}

	/**
	 * Whether a saved template (one {@link #sanitizeSource} leaves as it is), rendered
	 * with every variable HTML-escaped, can only give HTML the policy leaves as it is, so
	 * that sanitizing each recipient's rendering again would change nothing. True when
	 * every Liquid output and tag stands in text (never inside a tag, where a value could
	 * be a {@code javascript:} URL), except Herald's own {@code unsubscribe_url} and
	 * {@code preferences_url} as they are; no Liquid carries {@code <}, {@code >} or
	 * {@code &} of its own; only filters that cannot turn escaped text back into markup
	 * are used (no {@code url_decode}); only plain control-flow tags; and the markup
	 * inside each block is balanced, so leaving a block out or repeating it keeps every
	 * element closed where the author closed it.
	 */
	public static boolean rendersWithinPolicy(String source) {
		if (!sanitizeSource(source).equals(source)) {
			// not (or no longer) what saving leaves: the markup itself needs the policy
			return false;
		}
		Matcher liquid = LIQUID.matcher(source);
		List<Integer> blockStarts = new ArrayList<>();
		while (liquid.find()) {
			String token = liquid.group();
			if (insideTag(source, liquid.start())) {
				if (!HERALD_LINKS.matcher(token).matches()) {
					return false;
				}
				continue;
			}
			if (token.indexOf('<') >= 0 || token.indexOf('>') >= 0 || token.indexOf('&') >= 0) {
				return false;
			}
			Matcher filter = FILTER.matcher(token);
			while (filter.find()) {
				if (!SAFE_FILTERS.contains(filter.group(1))) {
					return false;
				}
			}
			if (token.startsWith("{%")) {
				Matcher tag = TAG_NAME.matcher(token);
				String name = tag.find() ? tag.group(1) : "";
				if (BLOCKS_OPENED.contains(name)) {
					blockStarts.add(liquid.end());
				}
				else if (name.startsWith("end") && BLOCKS_OPENED.contains(name.substring(3))) {
					if (blockStarts.isEmpty() || !balanced(
							source.substring(blockStarts.remove(blockStarts.size() - 1), liquid.start()))) {
						return false;
					}
				}
				else if (!INNER_TAGS.contains(name)) {
					return false;
				}
			}
		}
		return blockStarts.isEmpty();
	}

	/**
	 * Whether every element opened in this stretch of markup is closed in it, in order.
	 */
	private static boolean balanced(String markup) {
		List<String> open = new ArrayList<>();
		Matcher tag = ELEMENT.matcher(markup);
		while (tag.find()) {
			String name = tag.group(2).toLowerCase(Locale.ROOT);
			if (VOID.contains(name) || tag.group(3).endsWith("/")) {
				continue;
			}
			if (tag.group(1).isEmpty()) {
				open.add(name);
			}
			else if (open.isEmpty() || !open.remove(open.size() - 1).equals(name)) {
				return false;
			}
		}
		return open.isEmpty();
	}

	/**
	 * Text made safe to put in HTML, in an element or a quoted attribute, encoded as the
	 * policy encodes text (so a rendering that needs no second sanitizing reads exactly
	 * as a sanitized one): {@code & < > " ' + = @ `} as references, characters HTML does
	 * not allow (most control characters, non-characters, lone surrogates) dropped.
	 */
	public static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&#34;");
				case '\'' -> out.append("&#39;");
				case '+' -> out.append("&#43;");
				case '=' -> out.append("&#61;");
				case '@' -> out.append("&#64;");
				case '`' -> out.append("&#96;");
				default -> {
					if (Character.isHighSurrogate(c) && i + 1 < text.length()
							&& Character.isLowSurrogate(text.charAt(i + 1))) {
						out.append("&#x").append(Integer.toHexString(text.codePointAt(i))).append(';');
						i++;
					}
					else if (allowed(c)) {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

	private static boolean allowed(char c) {
		return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r' || (c >= 0xa0 && !Character.isSurrogate(c)
				&& !(c >= 0xfdd0 && c <= 0xfdef) && c != 0xfffe && c != 0xffff);
	}

	/**
	 * Reads HTML once, for its plain-text part (block elements on their own lines, list
	 * items with a dash, links as {@code text (url)}, just the URL when the text is the
	 * URL, images by their alt text, whitespace collapsed as a browser would) and its
	 * links (every target, decoded, in document order).
	 */
	public static Reading read(String html) {
		TextWriter writer = new TextWriter();
		HtmlSanitizer.sanitize(html, writer);
		return new Reading(writer.finish(), List.copyOf(writer.links));
	}

	/**
	 * What {@link #read} finds.
	 *
	 * @param text the plain-text part
	 * @param links every link target, decoded, in document order
	 */
	public record Reading(String text, List<String> links) {
	}

	private static boolean insideTag(String html, int position) {
		return html.lastIndexOf('<', position) > html.lastIndexOf('>', position);
	}

	private static String mark(String source) {
		String mark;
		do {
			mark = "hrldlq" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36) + "n";
		}
		while (source.contains(mark));
		return mark;
	}

	/** Walks the parsed HTML and writes what a plain-text mail client would show. */
	private static final class TextWriter implements HtmlSanitizer.Policy {

		private final StringBuilder out = new StringBuilder();

		private final List<String> links = new ArrayList<>();

		private final List<String> openLinks = new ArrayList<>();

		private final List<Integer> linkStarts = new ArrayList<>();

		private int hidden;

		private boolean pendingSpace;

		@Override
		public void openDocument() {
		}

		@Override
		public void closeDocument() {
		}

		@Override
		public void openTag(String elementName, List<String> attrs) {
			String name = elementName.toLowerCase(Locale.ROOT);
			if (HIDDEN.contains(name)) {
				this.hidden++;
				return;
			}
			if (this.hidden > 0) {
				return;
			}
			if (name.equals("br")) {
				newline(1);
			}
			else if (BLOCKS.contains(name)) {
				newline(name.equals("p") || name.startsWith("h") || name.equals("table") ? 2 : 1);
				if (name.equals("li")) {
					this.out.append("- ");
				}
				if (name.equals("hr")) {
					this.out.append("----");
					newline(1);
				}
			}
			else if (name.equals("td") || name.equals("th")) {
				this.pendingSpace = true;
			}
			else if (name.equals("img")) {
				String alt = attribute(attrs, "alt");
				if (alt != null && !alt.isBlank()) {
					word(alt.strip());
				}
			}
			else if (name.equals("a")) {
				String href = attribute(attrs, "href");
				this.openLinks.add((href != null) ? href.strip() : "");
				this.linkStarts.add(this.out.length());
				if (href != null && !href.isBlank()) {
					this.links.add(href.strip());
				}
			}
		}

		@Override
		public void closeTag(String elementName) {
			String name = elementName.toLowerCase(Locale.ROOT);
			if (HIDDEN.contains(name)) {
				this.hidden = Math.max(0, this.hidden - 1);
				return;
			}
			if (this.hidden > 0) {
				return;
			}
			if (name.equals("a") && !this.openLinks.isEmpty()) {
				String href = this.openLinks.remove(this.openLinks.size() - 1);
				int start = this.linkStarts.remove(this.linkStarts.size() - 1);
				String label = this.out.substring(Math.min(start, this.out.length())).strip();
				String target = href.toLowerCase(Locale.ROOT).startsWith("mailto:") ? href.substring(7) : href;
				if (!href.isEmpty() && !label.equals(href) && !label.equals(target)) {
					if (label.isEmpty()) {
						word(href);
					}
					else {
						this.out.append(" (").append(href).append(')');
					}
				}
			}
			else if (BLOCKS.contains(name)) {
				newline(name.equals("p") || name.startsWith("h") || name.equals("table") ? 2 : 1);
			}
		}

		@Override
		public void text(String text) {
			if (this.hidden > 0) {
				return;
			}
			String collapsed = collapseWhitespace(text);
			if (collapsed.isEmpty()) {
				return;
			}
			if (collapsed.startsWith(" ")) {
				this.pendingSpace = true;
				collapsed = collapsed.substring(1);
			}
			boolean trailing = collapsed.endsWith(" ");
			if (trailing) {
				collapsed = collapsed.substring(0, collapsed.length() - 1);
			}
			if (!collapsed.isEmpty()) {
				word(collapsed);
			}
			this.pendingSpace = this.pendingSpace || trailing;
		}

		/**
		 * Each run of whitespace (and no-break spaces) as one space, as a browser shows
		 * it.
		 */
		private static String collapseWhitespace(String text) {
			StringBuilder out = new StringBuilder(text.length());
			boolean inRun = false;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u00a0') {
					if (!inRun) {
						out.append(' ');
					}
					inRun = true;
				}
				else {
					out.append(c);
					inRun = false;
				}
			}
			return out.toString();
		}

		private void word(String word) {
			if (this.pendingSpace && !this.out.isEmpty() && !endsWithSpace()) {
				this.out.append(' ');
			}
			this.pendingSpace = false;
			this.out.append(word);
		}

		private boolean endsWithSpace() {
			char last = this.out.charAt(this.out.length() - 1);
			return last == ' ' || last == '\n';
		}

		private void newline(int count) {
			this.pendingSpace = false;
			while (!this.out.isEmpty() && this.out.charAt(this.out.length() - 1) == ' ') {
				this.out.setLength(this.out.length() - 1);
			}
			if (this.out.isEmpty()) {
				return;
			}
			int existing = 0;
			for (int i = this.out.length() - 1; i >= 0 && this.out.charAt(i) == '\n'; i--) {
				existing++;
			}
			for (int i = existing; i < count; i++) {
				this.out.append('\n');
			}
		}

		/**
		 * The text, each line stripped, at most one blank line in a row, none at either
		 * end.
		 */
		String finish() {
			StringBuilder text = new StringBuilder(this.out.length());
			boolean blank = false;
			for (String line : (Iterable<String>) this.out.toString().lines()::iterator) {
				String stripped = line.strip();
				if (stripped.isEmpty()) {
					blank = true;
					continue;
				}
				if (!text.isEmpty()) {
					text.append(blank ? "\n\n" : "\n");
				}
				text.append(stripped);
				blank = false;
			}
			return text.toString();
		}

		private static @Nullable String attribute(List<String> attrs, String name) {
			for (int i = 0; i + 1 < attrs.size(); i += 2) {
				if (attrs.get(i).equalsIgnoreCase(name)) {
					return attrs.get(i + 1);
				}
			}
			return null;
		}

	}

}
