package com.herald.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-less visitor of Herald's pages over real HTTP: keeps cookies like a browser,
 * does not follow redirects (so tests see them), and sends the CSRF token that the last
 * page it fetched carried, as forms do.
 */
public final class WebSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:value|content)=\"([^\"]+)\"");

	private final String baseUrl;

	private final HttpClient client;

	private String csrfToken = "";

	public WebSession(int port) {
		this.baseUrl = "http://localhost:" + port;
		this.client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Signs in through the sign-in form; returns the response to the form post (a
	 * redirect).
	 */
	public static WebSession signedIn(int port, String email, String password) {
		WebSession session = new WebSession(port);
		HttpResponse<String> response = session.signIn(email, password);
		String location = response.headers().firstValue("Location").orElse("");
		if (response.statusCode() != 302 || location.contains("/login")) {
			throw new IllegalStateException(
					"Sign-in as " + email + " failed: " + response.statusCode() + " " + location);
		}
		return session;
	}

	public HttpResponse<String> signIn(String email, String password) {
		get("/login");
		return post("/login", Map.of("username", email, "password", password));
	}

	public HttpResponse<String> get(String path) {
		return get(path, Map.of());
	}

	/**
	 * GETs with extra headers ({@code Accept: text/html} as browsers send, htmx's
	 * {@code HX-Request}).
	 */
	public HttpResponse<String> get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		headers.forEach(request::header);
		HttpResponse<String> response = send(request);
		rememberCsrf(response.body());
		return response;
	}

	/**
	 * Posts a form with the CSRF token of the last page fetched (fetches the home page
	 * first if none).
	 */
	public HttpResponse<String> post(String path, Map<String, String> form) {
		if (this.csrfToken.isEmpty()) {
			get("/");
		}
		Map<String, String> fields = new LinkedHashMap<>(form);
		fields.putIfAbsent("_csrf", this.csrfToken);
		return postRaw(path, fields);
	}

	/** Posts exactly these fields: no token is added (for CSRF tests). */
	public HttpResponse<String> postRaw(String path, Map<String, String> fields) {
		return postRaw(path, fields, Map.of());
	}

	/**
	 * Posts exactly these fields with these extra headers (a {@code Referer}, htmx's
	 * {@code HX-Request}).
	 */
	public HttpResponse<String> postRaw(String path, Map<String, String> fields, Map<String, String> headers) {
		String body = fields.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		HttpResponse<String> response = send(request);
		rememberCsrf(response.body());
		return response;
	}

	public String csrfToken() {
		return this.csrfToken;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void rememberCsrf(String body) {
		Matcher matcher = CSRF.matcher(body);
		if (matcher.find()) {
			this.csrfToken = matcher.group(1);
		}
	}

	private URI uri(String path) {
		return URI.create(this.baseUrl + path);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
