package com.herald.api.apikey;

import java.util.EnumSet;
import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.herald.api.ApiInputs;
import com.herald.api.ApiPage;
import com.herald.security.CurrentActor;
import com.herald.tenancy.ApiKeyId;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.ApiKeyService.IssuedApiKey;
import com.herald.tenancy.Role;

/**
 * The caller's tenant's API keys (tenant admins). A key's secret is in the answer to its
 * creation only; lists never show it.
 */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Create, list and revoke the tenant's API keys (tenant admins)")
class ApiKeyApiController {

	private final ApiKeyService apiKeys;

	private final CurrentActor currentActor;

	ApiKeyApiController(ApiKeyService apiKeys, CurrentActor currentActor) {
		this.apiKeys = apiKeys;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ApiPage<ApiKeyResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(this.apiKeys.list(this.currentActor.get(request),
				ApiPage.request(page, size, Sort.by(Sort.Direction.DESC, "createdAt"))), ApiKeyResponse::of);
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<IssuedApiKeyResponse> create(@RequestBody ApiKeyRequest body, HttpServletRequest request) {
		Role role = ApiInputs.role("role", body.role(), EnumSet.of(Role.TENANT_ADMIN, Role.COMPLIANCE_OFFICER));
		IssuedApiKey issued = this.apiKeys.create(this.currentActor.get(request), body.name(), role);
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequest()
				.path("/{id}")
				.buildAndExpand(issued.apiKey().getId())
				.toUri())
			.body(new IssuedApiKeyResponse(ApiKeyResponse.of(issued.apiKey()), issued.key()));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<Void> revoke(@PathVariable UUID id, HttpServletRequest request) {
		this.apiKeys.revoke(this.currentActor.get(request), new ApiKeyId(id));
		return ResponseEntity.noContent().build();
	}

}
