package com.herald.template;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailHtmlTests {

	@Test
	void stripsScriptsEventHandlersAndJavascriptUrlsButKeepsEmailMarkup() {
		String clean = EmailHtml.sanitize("""
				<script>steal()</script><style>body{}</style>
				<table width="600" cellpadding="4" style="border-collapse:collapse;color:#333333">
				<tr><td align="center" onclick="steal()" style="position:fixed;background-color:#ffeeaa">Sale</td></tr>
				</table>
				<a href="javascript:alert(1)">bad</a> <a href="https://shop.example/offer?id=7&amp;c=2">Shop</a>
				<img src="https://cdn.example/logo.png" alt="Logo" onerror="steal()">
				<iframe src="https://evil.example"></iframe><form action="/x"><input name="p"></form>
				<a href="JaVaScRiPt:alert(2)">also bad</a><div style="background:url(javascript:alert(3))">x</div>""");

		assertThat(clean).doesNotContain("<script", "steal()", "<style", "javascript", "JaVaScRiPt", "onclick",
				"onerror", "<iframe", "<form", "<input", "position:fixed");
		assertThat(clean).contains("<table", "width=\"600\"", "cellpadding=\"4\"", "<td align=\"center\"",
				"border-collapse:collapse", "background-color:#ffeeaa", "href=\"https://shop.example/offer?id",
				"<img src=\"https://cdn.example/logo.png\" alt=\"Logo\"", ">Shop</a>", "bad <a", "also bad");
	}

	@Test
	void sanitizingTheSourceKeepsLiquidIntactEvenInsideAttributes() {
		String clean = EmailHtml.sanitizeSource("""
				<p onmouseover="x()">Hi {{ contact.first_name | default: "there" }}!</p>
				<a href="{{ unsubscribe_url }}" title="{{ contact.first_name | default: "you" }}">Unsubscribe</a>
				{% if contact.attributes.vip %}<b>VIP</b>{% endif %}<script>{{ opt_out }}</script>""");

		assertThat(clean).contains("Hi {{ contact.first_name | default: \"there\" }}!",
				"<a href=\"{{ unsubscribe_url }}\"", "title=\"{{ contact.first_name | default: 'you' }}\"",
				"{% if contact.attributes.vip %}<b>VIP</b>{% endif %}");
		assertThat(clean).doesNotContain("onmouseover", "<script");
	}

	@Test
	void derivesPlainTextWithLinksAsTextAndUrl() {
		String text = EmailHtml.read("""
				<h1>Winter&nbsp;sale</h1><p>Hello   <b>Ana</b>,<br>
				everything is <a href="https://shop.example/sale?a=1&amp;b=2">20% off</a>.</p>
				<ul><li>Coats</li><li>Boots</li></ul>
				<table><tr><td>Left</td><td>Right</td></tr></table>
				<p><a href="https://shop.example">https://shop.example</a>
				<a href="mailto:help@shop.example">help@shop.example</a> <img src="x.png" alt="Our logo"></p>
				<style>p { color: red }</style>""").text();

		assertThat(text).isEqualTo("""
				Winter sale

				Hello Ana,
				everything is 20% off (https://shop.example/sale?a=1&b=2).

				- Coats
				- Boots

				Left Right

				https://shop.example help@shop.example Our logo""");
	}

	@Test
	void listsLinkTargetsDecoded() {
		assertThat(EmailHtml.read("<a href=\"https://a.example/?x=1&amp;y=2\">a</a><p><a href='/b'>b</a></p>").links())
			.containsExactly("https://a.example/?x=1&y=2", "/b");
	}

}
