package com.herald.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document lists the API and how to authenticate to it. */
@HeraldWebTest
class ApiDocumentationIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void documentsTheEndpointsAndTheirSecuritySchemes() {
		ApiResponse response = ApiClient.anonymous(this.port).get("/v3/api-docs");

		assertThat(response.status()).isEqualTo(200);
		JsonNode document = response.json();
		assertThat(document.path("paths").propertyNames()).contains("/api/v1/stores", "/api/v1/stores/{id}",
				"/api/v1/tenants", "/api/v1/tenants/{id}/suspend", "/api/v1/users/{id}", "/api/v1/invitations",
				"/api/v1/api-keys", "/api/v1/api-keys/{id}");
		JsonNode schemes = document.path("components").path("securitySchemes");
		assertThat(schemes.path("apiKey").path("type").asString()).isEqualTo("apiKey");
		assertThat(schemes.path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
		assertThat(schemes.path("bearerJwt").path("scheme").asString()).isEqualTo("bearer");
		assertThat(schemes.path("bearerJwt").path("bearerFormat").asString()).isEqualTo("JWT");
		assertThat(document.path("security").toString()).contains("apiKey").contains("bearerJwt");
	}

}
