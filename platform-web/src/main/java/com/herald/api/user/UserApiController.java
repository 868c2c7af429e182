package com.herald.api.user;

import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.herald.api.ApiInputs;
import com.herald.api.ApiPage;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Member;
import com.herald.tenancy.MembershipId;
import com.herald.tenancy.MembershipService;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;

/**
 * The people who work for the caller's tenant, one membership each: tenant admins change
 * their role and stores or remove them. Ids here are membership ids.
 */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "The tenant's people and their roles (tenant admins)")
class UserApiController {

	private final MembershipService memberships;

	private final CurrentActor currentActor;

	UserApiController(MembershipService memberships, CurrentActor currentActor) {
		this.memberships = memberships;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ApiPage<MemberResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(this.memberships.list(this.currentActor.get(request),
				ApiPage.request(page, size, Sort.by("createdAt"))), MemberResponse::of);
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public MemberResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return MemberResponse.of(this.memberships.get(this.currentActor.get(request), new MembershipId(id)));
	}

	/** Changes the role and/or the stores; what the body leaves out stays as it is. */
	@PatchMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public MemberResponse change(@PathVariable UUID id, @RequestBody ChangeMemberRequest body,
			HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		MembershipId membership = new MembershipId(id);
		Member current = this.memberships.get(actor, membership);
		Role role = (body.role() != null) ? ApiInputs.role("role", body.role(), Role.TENANT_ROLES) : current.role();
		Set<StoreId> stores = (body.storeIds() != null) ? ApiInputs.storeIds(body.storeIds()) : current.storeIds();
		return MemberResponse.of(this.memberships.change(actor, membership, role, stores));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<Void> remove(@PathVariable UUID id, HttpServletRequest request) {
		this.memberships.remove(this.currentActor.get(request), new MembershipId(id));
		return ResponseEntity.noContent().build();
	}

}
