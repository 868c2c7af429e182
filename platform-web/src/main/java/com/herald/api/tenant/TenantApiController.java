package com.herald.api.tenant;

import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.herald.api.ApiPage;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantService;

/**
 * Tenants, for super admins: platform work, recorded in the platform audit chain.
 */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "Tenants", description = "Create, rename, suspend and reactivate tenants (super admins)")
class TenantApiController {

	private final TenantService tenants;

	private final CurrentActor currentActor;

	TenantApiController(TenantService tenants, CurrentActor currentActor) {
		this.tenants = tenants;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	public ApiPage<TenantResponse> list(@RequestParam(defaultValue = "") String q,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			HttpServletRequest request) {
		return ApiPage.of(this.tenants.list(platform(request), q, ApiPage.request(page, size, Sort.by("slug"))),
				TenantResponse::of);
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	public TenantResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return TenantResponse.of(this.tenants.get(platform(request), new TenantId(id)));
	}

	@PostMapping
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	public ResponseEntity<TenantResponse> create(@RequestBody CreateTenantRequest body, HttpServletRequest request) {
		Tenant tenant = this.tenants.create(platform(request), body.slug(), body.name());
		return ResponseEntity.created(
				ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(tenant.getId()).toUri())
			.body(TenantResponse.of(tenant));
	}

	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	public TenantResponse rename(@PathVariable UUID id, @RequestBody RenameTenantRequest body,
			HttpServletRequest request) {
		return TenantResponse.of(this.tenants.rename(platform(request), new TenantId(id), body.name()));
	}

	@PostMapping("/{id}/suspend")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	public TenantResponse suspend(@PathVariable UUID id, HttpServletRequest request) {
		return TenantResponse.of(this.tenants.suspend(platform(request), new TenantId(id)));
	}

	@PostMapping("/{id}/reactivate")
	@PreAuthorize("hasRole('SUPER_ADMIN')")
	public TenantResponse reactivate(@PathVariable UUID id, HttpServletRequest request) {
		return TenantResponse.of(this.tenants.reactivate(platform(request), new TenantId(id)));
	}

	/**
	 * The caller as a platform actor, even when they also chose a tenant for this
	 * request.
	 */
	private Actor platform(HttpServletRequest request) {
		return this.currentActor.get(request).withTenant(null, Role.SUPER_ADMIN, Set.of());
	}

}
