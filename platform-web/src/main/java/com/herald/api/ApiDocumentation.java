package com.herald.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.herald.security.ApiAuthentication;

/**
 * The OpenAPI document's frame ({@code /v3/api-docs}): what the API is and how callers
 * authenticate. The endpoints themselves are read from the controllers.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearerJwt";

	@Bean
	OpenAPI heraldOpenApi() {
		return new OpenAPI().info(new Info().title("Herald API").version("v1").description("""
				Tenants, stores, users and API keys of Herald. Every call acts for one tenant: an API key's \
				own, or, for an OAuth2 token of someone who works for several tenants, the one named by the \
				%s header (slug or id). Lists are paginated (page from 0, size up to %d); errors are \
				RFC 9457 problem documents, with an `errors` member (field to message) for invalid input.\
				""".formatted(ApiAuthentication.TENANT_HEADER, ApiPage.MAX_SIZE)))
			.components(new Components()
				.addSecuritySchemes(API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name(ApiAuthentication.API_KEY_HEADER)
							.description("A tenant API key, hrd_…, created by a tenant admin. It may also be "
									+ "sent as Authorization: Bearer hrd_…"))
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("An OAuth2 access token from the configured issuer, carrying the "
									+ "verified email (email, email_verified) of a Herald account")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
