package com.herald.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Invitations: a tenant admin offers a role to an email address; whoever holds the link
 * accepts it, creating the membership (and the account, with a password, for someone
 * new). The link's token is shown once and kept only as a hash.
 */
@Service
public class InvitationService {

	/** How long an invitation can be accepted. */
	public static final Duration VALIDITY = Duration.ofDays(7);

	private final InvitationRepository invitations;

	private final UserAccountRepository users;

	private final UserAccountService accounts;

	private final MembershipService memberships;

	private final StoreService stores;

	private final TenantRepository tenants;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final Clock clock;

	InvitationService(InvitationRepository invitations, UserAccountRepository users, UserAccountService accounts,
			MembershipService memberships, StoreService stores, TenantRepository tenants,
			TenantTransactions transactions, AuditTrail audit, Clock clock) {
		this.invitations = invitations;
		this.users = users;
		this.accounts = accounts;
		this.memberships = memberships;
		this.stores = stores;
		this.tenants = tenants;
		this.transactions = transactions;
		this.audit = audit;
		this.clock = clock;
	}

	/** An invitation with the token for its link, which exists only in this value. */
	public record IssuedInvitation(Invitation invitation, String token) {

	}

	/** A pending invitation as its acceptance page shows it. */
	public record PendingInvitation(Invitation invitation, String tenantName, boolean accountExists) {

	}

	public IssuedInvitation invite(Actor actor, String email, Role role, Set<StoreId> storeIds) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		String cleanEmail = Inputs.email("email", email);
		MembershipService.validateRole(role, storeIds);
		return this.transactions.inTenant(tenant, () -> {
			if (!this.stores.allExist(tenant, storeIds)) {
				throw new InvalidInputException("storeIds", "Choose stores of this tenant");
			}
			Optional<UserAccount> existing = this.users.findByEmail(cleanEmail);
			if (existing.isPresent() && this.memberships.isMember(tenant, existing.get().getId())) {
				throw new DuplicateException("email", cleanEmail + " already works for this tenant");
			}
			String token = Tokens.random(32);
			Invitation invitation = this.invitations.saveAndFlush(
					new Invitation(tenant, cleanEmail, role, (role == Role.STORE_MANAGER) ? storeIds : Set.of(),
							Tokens.sha256(token), actorUser(actor), this.clock.instant().plus(VALIDITY)));
			this.audit.record(actor, "invitation.created", target(invitation), null, summary(invitation));
			return new IssuedInvitation(invitation, token);
		});
	}

	public Page<Invitation> list(Actor actor, Pageable pageable) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> this.invitations.findByTenantId(tenant.value(), pageable));
	}

	public void revoke(Actor actor, InvitationId id) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		this.transactions.runInTenant(tenant, () -> {
			Invitation invitation = this.invitations.findByTenantIdAndId(tenant.value(), id.value())
				.orElseThrow(() -> new NotFoundException("Invitation", id));
			invitation.revoke(this.clock.instant());
			this.invitations.saveAndFlush(invitation);
			this.audit.record(actor, "invitation.revoked", target(invitation));
		});
	}

	/**
	 * The pending invitation behind a link's token, if the token is valid, unused and
	 * unexpired.
	 */
	public Optional<PendingInvitation> findPending(String token) {
		String hash = Tokens.sha256(token);
		// platform read: the token is the only credential, and it names its tenant
		return this.transactions.readAsPlatform(() -> this.invitations.findByTokenHash(hash)
			.filter((invitation) -> invitation.status(this.clock.instant()) == InvitationStatus.PENDING)
			.map((invitation) -> new PendingInvitation(invitation,
					this.tenants.findById(invitation.getTenantId()).map(Tenant::getName).orElse(""),
					this.users.findByEmail(invitation.getEmail()).isPresent())));
	}

	/**
	 * Accepts an invitation: creates the account when the email has none (then
	 * {@code displayName} and {@code password} are required), and the membership.
	 * @return the account that now holds the membership
	 */
	public UserAccount accept(String token, @Nullable String displayName, @Nullable String password,
			@Nullable String ip, @Nullable String userAgent) {
		PendingInvitation pending = findPending(token)
			.orElseThrow(() -> new InvalidInputException("token", "This invitation link is invalid or has expired"));
		Invitation found = pending.invitation();
		TenantId tenant = found.tenant();
		return this.transactions.inTenant(tenant, () -> {
			Invitation invitation = this.invitations.findByTenantIdAndId(tenant.value(), found.getId().value())
				.orElseThrow(() -> new NotFoundException("Invitation", found.getId()));
			UserAccount user = this.users.findByEmail(invitation.getEmail())
				.orElseGet(() -> this.accounts.createWithPassword(invitation.getEmail(),
						Inputs.text("displayName", displayName, 200), (password != null) ? password : ""));
			invitation.accept(this.clock.instant());
			this.invitations.saveAndFlush(invitation);
			Membership membership = this.memberships.add(tenant, user.getId(), invitation.getRole(),
					invitation.getStoreIds());
			Actor actor = new Actor(Actor.Type.USER, user.getId().toString(), user.getEmail(), tenant,
					invitation.getRole(), invitation.getStoreIds(), ip, userAgent);
			this.audit.record(actor, "invitation.accepted", target(invitation), null,
					MembershipService.summary(membership));
			return user;
		});
	}

	private static java.util.@Nullable UUID actorUser(Actor actor) {
		return (actor.type() == Actor.Type.USER && actor.id() != null) ? java.util.UUID.fromString(actor.id()) : null;
	}

	private static AuditTrail.Target target(Invitation invitation) {
		return AuditTrail.Target.of("invitation", invitation.getId());
	}

	private static Map<String, Object> summary(Invitation invitation) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("email", invitation.getEmail());
		summary.put("role", invitation.getRole().name());
		summary.put("storeIds", invitation.getStoreIds().stream().map(StoreId::toString).sorted().toList());
		summary.put("expiresAt", invitation.getExpiresAt().toString());
		return summary;
	}

}
