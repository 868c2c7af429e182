package com.herald.tenancy;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * User accounts and the sign-in bookkeeping around them: lockout after repeated failures,
 * last sign-in, password changes, the first super admin. Sign-in events go to the
 * platform audit chain.
 */
@Service
public class UserAccountService {

	private final UserAccountRepository users;

	private final MembershipRepository memberships;

	private final TenantRepository tenants;

	private final TenantTransactions transactions;

	private final PasswordEncoder passwordEncoder;

	private final AuditTrail audit;

	private final Clock clock;

	UserAccountService(UserAccountRepository users, MembershipRepository memberships, TenantRepository tenants,
			TenantTransactions transactions, PasswordEncoder passwordEncoder, AuditTrail audit, Clock clock) {
		this.users = users;
		this.memberships = memberships;
		this.tenants = tenants;
		this.transactions = transactions;
		this.passwordEncoder = passwordEncoder;
		this.audit = audit;
		this.clock = clock;
	}

	public Optional<UserAccount> findByEmail(String email) {
		String clean = email.strip().toLowerCase(java.util.Locale.ROOT);
		return this.transactions.readAsPlatform(() -> this.users.findByEmail(clean));
	}

	public Optional<UserAccount> findById(UserId id) {
		return this.transactions.readAsPlatform(() -> this.users.findById(id.value()));
	}

	/** The tenants a user may work for, active ones first, then by name. */
	public List<TenantMembership> memberships(UserId user) {
		return this.transactions
			.readAsPlatform(() -> this.memberships.findByUserId(user.value()).stream().map((membership) -> {
				Tenant tenant = this.tenants.findById(membership.getTenantId()).orElseThrow();
				return new TenantMembership(tenant.getId(), tenant.getSlug(), tenant.getName(), tenant.isActive(),
						membership.getRole(), membership.getStoreIds());
			})
				.sorted(Comparator.comparing((TenantMembership m) -> !m.tenantActive())
					.thenComparing(TenantMembership::tenantName))
				.toList());
	}

	/**
	 * The user's membership in one tenant as it stands now, if any: asked on every page
	 * request so that a removed member, a changed role or a suspended tenant takes effect
	 * at once, not at the next sign-in.
	 */
	public Optional<TenantMembership> membership(UserId user, TenantId tenant) {
		return this.transactions
			.readAsPlatform(() -> this.memberships.findByTenantIdAndUserId(tenant.value(), user.value())
				.flatMap((membership) -> this.tenants.findById(tenant.value())
					.map((found) -> new TenantMembership(found.getId(), found.getSlug(), found.getName(),
							found.isActive(), membership.getRole(), membership.getStoreIds()))));
	}

	public Page<UserAccount> listSuperAdmins(Actor actor, Pageable pageable) {
		PermissionDeniedException.requireRole(actor, Role.SUPER_ADMIN);
		return this.transactions.readAsPlatform(() -> this.users.findBySuperAdminTrue(pageable));
	}

	/**
	 * Creates the first super admin when none exists. Returns the account when one was
	 * created.
	 * @param password the configured password, or {@code null}... never: callers generate
	 * one when unset
	 */
	public Optional<UserAccount> ensureFirstSuperAdmin(String email, String displayName, String password) {
		String cleanEmail = Inputs.email("email", email);
		String cleanPassword = Inputs.password("password", password, cleanEmail);
		return this.transactions.asPlatform(() -> {
			if (this.users.existsBySuperAdminTrue()) {
				return Optional.empty();
			}
			UserAccount account = this.users.findByEmail(cleanEmail)
				.orElseGet(() -> new UserAccount(UserId.random(), cleanEmail, displayName,
						this.passwordEncoder.encode(cleanPassword), true));
			UserAccount saved = this.users.saveAndFlush(account);
			this.audit.record(Actor.system(null), "user.super_admin_created", target(saved), null, summary(saved));
			return Optional.of(saved);
		});
	}

	public UserAccount createSuperAdmin(Actor actor, String email, String displayName, String password) {
		PermissionDeniedException.requireRole(actor, Role.SUPER_ADMIN);
		String cleanEmail = Inputs.email("email", email);
		String cleanName = Inputs.text("displayName", displayName, 200);
		String cleanPassword = Inputs.password("password", password, cleanEmail);
		return this.transactions.asPlatform(() -> {
			if (this.users.findByEmail(cleanEmail).isPresent()) {
				throw new DuplicateException("email", "An account with this email already exists");
			}
			UserAccount saved = this.users.saveAndFlush(new UserAccount(UserId.random(), cleanEmail, cleanName,
					this.passwordEncoder.encode(cleanPassword), true));
			this.audit.record(actor, "user.super_admin_created", target(saved), null, summary(saved));
			return saved;
		});
	}

	/**
	 * Creates an account for someone who signs in through OIDC only (no local password).
	 */
	UserAccount createWithoutPassword(String email, String displayName) {
		return this.users.saveAndFlush(new UserAccount(UserId.random(), email, displayName, null, false));
	}

	UserAccount createWithPassword(String email, String displayName, String password) {
		String cleanPassword = Inputs.password("password", password, email);
		return this.users.saveAndFlush(new UserAccount(UserId.random(), email, displayName,
				this.passwordEncoder.encode(cleanPassword), false));
	}

	/**
	 * Records a failed sign-in for {@code email} (known or not), locking the account
	 * after {@link UserAccount#MAX_FAILED_ATTEMPTS} in a row.
	 */
	public void recordFailedSignIn(String email, @Nullable String ip, @Nullable String userAgent, String reason) {
		String clean = email.strip().toLowerCase(java.util.Locale.ROOT);
		this.transactions.asPlatform(() -> {
			Optional<UserAccount> account = this.users.findByEmail(clean);
			Actor actor = new Actor(Actor.Type.ANONYMOUS, account.map((a) -> a.getId().toString()).orElse(null),
					truncate(clean, 320), null, null, java.util.Set.of(), ip, userAgent);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("reason", reason);
			account.ifPresent((user) -> {
				boolean locked = user.recordFailedSignIn(this.clock.instant());
				this.users.saveAndFlush(user);
				if (locked) {
					details.put("locked_until", String.valueOf(user.getLockedUntil()));
				}
			});
			this.audit.record(actor, "auth.sign_in_failed", account.map(UserAccountService::target).orElse(null), null,
					details);
			return null;
		});
	}

	public void recordSignIn(UserId id, String method, @Nullable String ip, @Nullable String userAgent) {
		this.transactions.asPlatform(() -> {
			UserAccount user = this.users.findById(id.value()).orElseThrow(() -> new NotFoundException("User", id));
			user.recordSignIn(this.clock.instant());
			this.users.saveAndFlush(user);
			Actor actor = new Actor(Actor.Type.USER, id.toString(), user.getEmail(), null,
					user.isSuperAdmin() ? Role.SUPER_ADMIN : null, java.util.Set.of(), ip, userAgent);
			this.audit.record(actor, "auth.signed_in", target(user), null, Map.of("method", method));
			return null;
		});
	}

	/** Records a sign-out in the platform chain, beside the sign-in it ends. */
	public void recordSignOut(Actor actor) {
		this.transactions.asPlatform(() -> {
			this.audit.record(actor.withTenant(null, actor.role(), actor.storeIds()), "auth.signed_out",
					(actor.id() != null) ? AuditTrail.Target.of("user", actor.id()) : null);
			return null;
		});
	}

	public void changePassword(Actor actor, String currentPassword, String newPassword) {
		UserId id = UserId.of(java.util.Objects.requireNonNull(actor.id(), "actor id"));
		this.transactions.asPlatform(() -> {
			UserAccount user = this.users.findById(id.value()).orElseThrow(() -> new NotFoundException("User", id));
			if (user.getPasswordHash() == null
					|| !this.passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
				throw new InvalidInputException("currentPassword", "Your current password is not correct");
			}
			user.changePassword(
					this.passwordEncoder.encode(Inputs.password("newPassword", newPassword, user.getEmail())));
			this.users.saveAndFlush(user);
			this.audit.record(actor.withTenant(null, actor.role(), actor.storeIds()), "user.password_changed",
					target(user));
			return null;
		});
	}

	static AuditTrail.Target target(UserAccount user) {
		return AuditTrail.Target.of("user", user.getId());
	}

	private static Map<String, Object> summary(UserAccount user) {
		return Map.of("email", user.getEmail(), "superAdmin", user.isSuperAdmin());
	}

	private static String truncate(String value, int length) {
		return (value.length() <= length) ? value : value.substring(0, length);
	}

}
