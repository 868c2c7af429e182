package com.herald.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Tenant API keys: {@code hrd_<prefix>_<secret>}. The prefix finds the key, the secret
 * proves it; only the secret's hash is stored, so the whole key is shown once, at
 * creation. A revoked key, or any key of a suspended tenant, authenticates nothing.
 */
@Service
public class ApiKeyService {

	private static final Pattern FORMAT = Pattern.compile("^hrd_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$");

	/** Last-used times are written at most this often per key, not on every request. */
	private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private final ApiKeyRepository keys;

	private final TenantRepository tenants;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final Clock clock;

	ApiKeyService(ApiKeyRepository keys, TenantRepository tenants, TenantTransactions transactions, AuditTrail audit,
			Clock clock) {
		this.keys = keys;
		this.tenants = tenants;
		this.transactions = transactions;
		this.audit = audit;
		this.clock = clock;
	}

	/** A new key and its full text, which exists only in this value. */
	public record IssuedApiKey(ApiKey apiKey, String key) {

	}

	/** What a valid key authenticates as. */
	public record ApiKeyIdentity(ApiKeyId id, TenantId tenantId, String name, Role role) {

	}

	public IssuedApiKey create(Actor actor, String name, Role role) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		String cleanName = Inputs.text("name", name, 100);
		if (!role.isTenantRole() || role == Role.STORE_MANAGER) {
			// store-scoped keys would need stores; not offered yet
			throw new InvalidInputException("role", "Choose Tenant admin or Compliance officer");
		}
		String prefix = Tokens.random(9).replace('-', 'a').replace('_', 'b');
		String secret = Tokens.random(32);
		return this.transactions.inTenant(tenant, () -> {
			ApiKey key = this.keys
				.saveAndFlush(new ApiKey(tenant, cleanName, role, prefix, Tokens.sha256(secret), userId(actor)));
			this.audit.record(actor, "api_key.created", target(key), null,
					Map.of("name", cleanName, "role", role.name(), "prefix", prefix));
			return new IssuedApiKey(key, "hrd_" + prefix + "_" + secret);
		});
	}

	public Page<ApiKey> list(Actor actor, Pageable pageable) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> this.keys.findByTenantId(tenant.value(), pageable));
	}

	public void revoke(Actor actor, ApiKeyId id) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		this.transactions.runInTenant(tenant, () -> {
			ApiKey key = this.keys.findByTenantIdAndId(tenant.value(), id.value())
				.orElseThrow(() -> new NotFoundException("API key", id));
			key.revoke(this.clock.instant());
			this.keys.saveAndFlush(key);
			this.audit.record(actor, "api_key.revoked", target(key), null, Map.of("name", key.getName()));
		});
	}

	/**
	 * The identity of a presented key, if it is well-formed, known, unrevoked and its
	 * tenant is active.
	 */
	public Optional<ApiKeyIdentity> authenticate(String presented) {
		Matcher matcher = FORMAT.matcher(presented.strip());
		if (!matcher.matches()) {
			return Optional.empty();
		}
		String prefix = matcher.group(1);
		String hash = Tokens.sha256(matcher.group(2));
		// platform path: the key itself says which tenant it belongs to
		return this.transactions.asPlatform(() -> this.keys.findByPrefix(prefix)
			.filter((key) -> !key.isRevoked() && Tokens.sameDigest(key.getSecretHash(), hash))
			.filter((key) -> this.tenants.findById(key.getTenantId()).map(Tenant::isActive).orElse(false))
			.map((key) -> {
				Instant now = this.clock.instant();
				if (key.getLastUsedAt() == null || key.getLastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
					key.markUsed(now);
					this.keys.save(key);
				}
				return new ApiKeyIdentity(key.getId(), key.tenant(), key.getName(), key.getRole());
			}));
	}

	private static java.util.@Nullable UUID userId(Actor actor) {
		return (actor.type() == Actor.Type.USER && actor.id() != null) ? java.util.UUID.fromString(actor.id()) : null;
	}

	private static AuditTrail.Target target(ApiKey key) {
		return AuditTrail.Target.of("api_key", key.getId());
	}

}
