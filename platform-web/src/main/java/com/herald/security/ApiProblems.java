package com.herald.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * The API's answers when security stops a request before any controller runs: RFC 9457
 * problem documents, with a {@code WWW-Authenticate} challenge (RFC 6750) on 401.
 */
@Component
class ApiProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final String REALM = "herald";

	private final JsonMapper json;

	ApiProblems(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		if (exception instanceof OAuth2AuthenticationException oauth
				&& oauth.getError() instanceof BearerTokenError error) {
			HttpStatus status = error.getHttpStatus();
			if (status == HttpStatus.UNAUTHORIZED) {
				challenge(response, error.getErrorCode(), error.getDescription());
			}
			write(request, response, status, error.getDescription());
			return;
		}
		if (exception instanceof OAuth2AuthenticationException oauth) {
			challenge(response, "invalid_token", oauth.getError().getDescription());
			write(request, response, HttpStatus.UNAUTHORIZED, oauth.getError().getDescription());
			return;
		}
		challenge(response, null, null);
		write(request, response, HttpStatus.UNAUTHORIZED,
				"Send an API key (Authorization: Bearer hrd_… or X-API-Key: hrd_…) or an OAuth2 bearer token");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, "Your role does not allow this");
	}

	/** A caller whose tenant was suspended since its credential was checked. */
	void suspended(HttpServletRequest request, HttpServletResponse response) throws IOException {
		challenge(response, "invalid_token", "This tenant is suspended");
		write(request, response, HttpStatus.UNAUTHORIZED, "This tenant is suspended");
	}

	private static void challenge(HttpServletResponse response, @Nullable String error, @Nullable String description) {
		StringBuilder challenge = new StringBuilder("Bearer realm=\"" + REALM + "\"");
		if (error != null) {
			challenge.append(", error=\"").append(error).append('"');
		}
		if (description != null) {
			challenge.append(", error_description=\"").append(quotable(description)).append('"');
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			@Nullable String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		if (detail != null) {
			problem.put("detail", detail);
		}
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** RFC 6750 allows only printable ASCII without quote or backslash in the header. */
	private static String quotable(String text) {
		return text.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
	}

}
