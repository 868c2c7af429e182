package com.herald.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A caller of Herald's REST API over real HTTP: sends the headers it was given (a
 * credential, a tenant choice) with every request, JSON bodies in, {@link ApiResponse}s
 * out. Keeps no cookies: the API must not need any.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final String baseUrl;

	private final Map<String, String> headers;

	private ApiClient(String baseUrl, Map<String, String> headers) {
		this.baseUrl = baseUrl;
		this.headers = Map.copyOf(headers);
	}

	/** A caller without credentials. */
	public static ApiClient anonymous(int port) {
		return new ApiClient("http://localhost:" + port, Map.of());
	}

	/** A caller with an API key or a JWT as its bearer token. */
	public static ApiClient bearer(int port, String token) {
		return anonymous(port).withHeader("Authorization", "Bearer " + token);
	}

	/**
	 * An access token from the test OIDC provider ({@link StandIns#OIDC}) for
	 * {@code email}.
	 */
	public static String jwtFor(String email, boolean emailVerified) {
		return StandIns.OIDC
			.issueToken(StandIns.OIDC_ISSUER_ID, "sub-" + email, "herald-api",
					Map.of("email", email, "email_verified", emailVerified))
			.serialize();
	}

	/** This caller, also sending {@code name: value}. */
	public ApiClient withHeader(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new ApiClient(this.baseUrl, more);
	}

	public ApiResponse get(String path) {
		return send("GET", path, null);
	}

	/** POSTs {@code body} as JSON (a {@code String} is sent as it is). */
	public ApiResponse post(String path, Object body) {
		return send("POST", path, body);
	}

	public ApiResponse put(String path, Object body) {
		return send("PUT", path, body);
	}

	public ApiResponse patch(String path, Object body) {
		return send("PATCH", path, body);
	}

	public ApiResponse delete(String path) {
		return send("DELETE", path, null);
	}

	/**
	 * POSTs a multipart/form-data body: the text {@code fields}, then {@code content} as
	 * the part {@code file}.
	 */
	public ApiResponse multipart(String path, Map<String, String> fields, String fileName, byte[] content) {
		String boundary = "herald-" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
		fields.forEach((name, value) -> body.writeBytes(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
					.getBytes(utf8)));
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: text/csv\r\n\r\n")
			.getBytes(utf8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(utf8));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		this.headers.forEach(request::header);
		request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
		return exchange(request);
	}

	private ApiResponse send(String method, String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path));
		this.headers.forEach(request::header);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			String json = (body instanceof String text) ? text : JSON.writeValueAsString(body);
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		return exchange(request);
	}

	private ApiResponse exchange(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new ApiResponse(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the API answered.
	 *
	 * @param status the HTTP status
	 * @param headers the response headers (names in lower case)
	 * @param body the body as text
	 */
	public record ApiResponse(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of())
				.stream()
				.findFirst()
				.orElse("");
		}

		/** The values of {@code field} in each item of a paginated answer. */
		public List<String> itemValues(String field) {
			return json().path("items").valueStream().map((item) -> item.path(field).asString()).toList();
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
