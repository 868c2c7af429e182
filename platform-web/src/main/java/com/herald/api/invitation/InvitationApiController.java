package com.herald.api.invitation;

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
import com.herald.tenancy.InvitationId;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.InvitationService.IssuedInvitation;
import com.herald.tenancy.Role;

/**
 * Invitations to the caller's tenant (tenant admins). The link that accepts one is in the
 * answer to its creation only: Herald keeps just a hash of its token.
 */
@RestController
@RequestMapping("/api/v1/invitations")
@Tag(name = "Invitations", description = "Invite people to the tenant (tenant admins)")
class InvitationApiController {

	/** The page where an invitation is accepted; its last segment is the token. */
	static final String ACCEPT_PATH = "/invitations/{token}";

	private final InvitationService invitations;

	private final CurrentActor currentActor;

	InvitationApiController(InvitationService invitations, CurrentActor currentActor) {
		this.invitations = invitations;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ApiPage<InvitationResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(
				this.invitations.list(this.currentActor.get(request),
						ApiPage.request(page, size, Sort.by(Sort.Direction.DESC, "createdAt"))),
				InvitationResponse::of);
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<IssuedInvitationResponse> create(@RequestBody InvitationRequest body,
			HttpServletRequest request) {
		Role role = ApiInputs.role("role", body.role(), Role.TENANT_ROLES);
		IssuedInvitation issued = this.invitations.invite(this.currentActor.get(request), body.email(), role,
				ApiInputs.storeIds(body.storeIds()));
		String acceptUrl = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path(ACCEPT_PATH)
			.buildAndExpand(issued.token())
			.toUriString();
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequest()
				.path("/{id}")
				.buildAndExpand(issued.invitation().getId())
				.toUri())
			.body(new IssuedInvitationResponse(InvitationResponse.of(issued.invitation()), acceptUrl));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<Void> revoke(@PathVariable UUID id, HttpServletRequest request) {
		this.invitations.revoke(this.currentActor.get(request), new InvitationId(id));
		return ResponseEntity.noContent().build();
	}

}
