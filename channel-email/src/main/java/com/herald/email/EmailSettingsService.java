package com.herald.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.channel.ChannelRegistry;
import com.herald.channel.CommunicationChannel;
import com.herald.consent.Channel;
import com.herald.email.sendgrid.EventWebhookKeys;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.SecretBox;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Email settings per tenant and per store, and the route a send takes: each sender field
 * from the store's settings, else the tenant's, else the platform's
 * ({@code herald.email.*}); the provider order and SendGrid key from the store when it
 * set them, else the tenant, else the platform. Tenant admins change everything; store
 * managers only the sender identity of their own stores. Every change is audited without
 * the secret. The API key is sealed with the {@link SecretBox} and leaves this class in
 * clear only inside an {@link EmailRoute}.
 */
@Service
public class EmailSettingsService {

	static final String KEY_PURPOSE = "email.sendgrid.api-key";

	/** The providers a tenant may choose, in the form's order. */
	public static final List<String> PROVIDERS = List.of("sendgrid", "smtp");

	private static final Pattern API_KEY = Pattern.compile("^SG\\.[A-Za-z0-9_-]{8,64}\\.[A-Za-z0-9_-]{16,128}$");

	private static final Set<Role> READERS = Set.of(Role.TENANT_ADMIN, Role.STORE_MANAGER);

	private static final String COLUMNS = "store_id, from_name, from_address, reply_to, primary_provider, "
			+ "secondary_provider, sendgrid_api_key_sealed, sendgrid_webhook_key, updated_at, updated_by";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final SecretBox secrets;

	private final StoreService stores;

	private final AuditTrail audit;

	private final EmailProperties properties;

	private final ObjectProvider<ChannelRegistry> registry;

	/** How long a resolved route is reused: 2 s. */
	static final long ROUTE_TTL_NANOS = 2_000_000_000L;

	private final Map<RouteKey, CachedRoute> routes = new ConcurrentHashMap<>();

	EmailSettingsService(JdbcClient jdbc, TenantTransactions transactions, SecretBox secrets, StoreService stores,
			AuditTrail audit, EmailProperties properties, ObjectProvider<ChannelRegistry> registry) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.secrets = secrets;
		this.stores = stores;
		this.audit = audit;
		this.properties = properties;
		this.registry = registry;
	}

	/** The settings of the tenant ({@code store} null) or of one of its stores. */
	public EmailSettings get(Actor actor, @Nullable StoreId store) {
		requireReader(actor, store);
		TenantId tenant = actor.requireTenant();
		if (store != null) {
			this.stores.get(actor, store);
		}
		UUID storeId = (store != null) ? store.value() : null;
		String provider = this.registry.getObject()
			.resolve(tenant.value(), storeId, Channel.EMAIL)
			.map(CommunicationChannel::provider)
			.orElse("sandbox");
		return this.transactions.readInTenant(tenant, () -> {
			EmailSender sender = resolve(tenant, storeId).sender();
			return find(tenant, store)
				.map((r) -> new EmailSettings(r.storeId, r.fromName, r.fromAddress, r.replyTo, r.primary, r.secondary,
						r.sealedKey != null, r.webhookKey, r.updatedAt, r.updatedBy, sender, provider))
				.orElseGet(() -> new EmailSettings(storeId, null, null, null, null, null, false, null, null, null,
						sender, provider));
		});
	}

	/**
	 * Replaces the settings of the tenant or a store.
	 * @throws InvalidInputException naming each field that is wrong; nothing is saved
	 */
	public EmailSettings save(Actor actor, @Nullable StoreId store, EmailSettingsChange change) {
		requireReader(actor, store);
		if (!actor.hasRole(Role.TENANT_ADMIN) && !isSystem(actor) && change.touchesProviders()) {
			throw new PermissionDeniedException("Only tenant admins choose email providers and keys");
		}
		TenantId tenant = actor.requireTenant();
		if (store != null) {
			this.stores.get(actor, store);
		}
		Map<String, String> errors = new LinkedHashMap<>();
		String fromName = clean(change.fromName());
		if (fromName != null && !EmailAddresses.safeName(fromName)) {
			errors.put("fromName", "Keep the sender name to one line of at most 100 characters");
		}
		String fromAddress = address("fromAddress", change.fromAddress(), errors);
		String replyTo = address("replyTo", change.replyTo(), errors);
		String primary = clean(change.primaryProvider());
		String secondary = clean(change.secondaryProvider());
		if (primary != null && !PROVIDERS.contains(primary)) {
			errors.put("primaryProvider", "Choose SendGrid or SMTP");
		}
		if (secondary != null && !PROVIDERS.contains(secondary)) {
			errors.put("secondaryProvider", "Choose SendGrid or SMTP");
		}
		else if (secondary != null && (primary == null || primary.equals(secondary))) {
			errors.put("secondaryProvider", "Choose a primary provider and a different secondary one");
		}
		String apiKey = clean(change.sendgridApiKey());
		if (apiKey != null && !API_KEY.matcher(apiKey).matches()) {
			errors.put("sendgridApiKey", "A SendGrid API key starts with SG. and has two more parts separated by dots");
		}
		String webhookKey = clean(change.sendgridWebhookKey());
		if (webhookKey != null) {
			if (EventWebhookKeys.parse(webhookKey).isEmpty()) {
				errors.put("sendgridWebhookKey",
						"Paste the verification key SendGrid shows for the signed Event Webhook (an ECDSA public key)");
			}
			else {
				webhookKey = EventWebhookKeys.normalize(webhookKey);
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		String key = webhookKey;
		return this.transactions.inTenant(tenant, () -> {
			Optional<Row> before = find(tenant, store);
			boolean identityOnly = !actor.hasRole(Role.TENANT_ADMIN) && !isSystem(actor);
			byte[] sealed = null;
			String savedPrimary = primary;
			String savedSecondary = secondary;
			String savedWebhookKey = key;
			if (identityOnly) {
				// a store manager's form has no provider fields: keep what the admin
				// chose
				sealed = before.map(Row::sealedKey).orElse(null);
				savedPrimary = before.map(Row::primary).orElse(null);
				savedSecondary = before.map(Row::secondary).orElse(null);
				savedWebhookKey = before.map(Row::webhookKey).orElse(null);
			}
			else if (!change.clearSendgridApiKey()) {
				sealed = (apiKey != null) ? this.secrets.seal(tenant, KEY_PURPOSE, apiKey)
						: before.map(Row::sealedKey).orElse(null);
			}
			if (("sendgrid".equals(savedPrimary) || "sendgrid".equals(savedSecondary)) && sealed == null
					&& !hasInheritedKey(tenant, store)) {
				throw new InvalidInputException("sendgridApiKey", "Enter the SendGrid API key to send with SendGrid");
			}
			UUID storeId = (store != null) ? store.value() : null;
			this.jdbc.sql("DELETE FROM email_settings WHERE tenant_id = ? AND store_id IS NOT DISTINCT FROM ?")
				.params(tenant.value(), storeId)
				.update();
			this.jdbc.sql("""
					INSERT INTO email_settings (tenant_id, id, store_id, from_name, from_address, reply_to,
					    primary_provider, secondary_provider, sendgrid_api_key_sealed, sendgrid_webhook_key, updated_by)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(tenant.value(), UUID.randomUUID(), storeId, fromName, fromAddress, replyTo, savedPrimary,
						savedSecondary, sealed, savedWebhookKey, actor.label())
				.update();
			this.routes.clear();
			AuditTrail.Target target = (store != null)
					? AuditTrail.Target.inStore("email-settings", store.value(), store)
					: AuditTrail.Target.of("email-settings", tenant.value());
			this.audit.record(actor, "email-settings.changed", target, before.map(Row::summary).orElse(null),
					new Row(storeId, fromName, fromAddress, replyTo, savedPrimary, savedSecondary, sealed,
							savedWebhookKey, null, null)
						.summary());
			return get(actor, store);
		});
	}

	/**
	 * How email of the tenant (and store) goes out. The engine asks for every batch, so
	 * answers are kept for {@link #ROUTE_TTL_NANOS} (a change on this node forgets them
	 * at once; other nodes see it within that time).
	 */
	public EmailRoute resolve(TenantId tenant, @Nullable UUID store) {
		RouteKey key = new RouteKey(tenant, store);
		CachedRoute cached = this.routes.get(key);
		long now = System.nanoTime();
		if (cached != null && now - cached.at() < ROUTE_TTL_NANOS) {
			return cached.route();
		}
		if (this.routes.size() > 10_000) {
			this.routes.clear();
		}
		EmailRoute route = load(tenant, store);
		this.routes.put(key, new CachedRoute(route, now));
		return route;
	}

	private record RouteKey(TenantId tenant, @Nullable UUID store) {
	}

	private record CachedRoute(EmailRoute route, long at) {
	}

	private EmailRoute load(TenantId tenant, @Nullable UUID store) {
		return this.transactions.readInTenant(tenant, () -> {
			Optional<Row> own = (store != null) ? find(tenant, new StoreId(store)) : Optional.empty();
			Optional<Row> tenantRow = find(tenant, null);
			EmailSender sender = new EmailSender(pick(own, tenantRow, Row::fromName, this.properties.fromName()),
					pick(own, tenantRow, Row::fromAddress, this.properties.fromAddress()),
					pick(own, tenantRow, Row::replyTo, null));
			Row orderFrom = own.filter((r) -> r.primary != null).orElse(tenantRow.orElse(null));
			List<String> providers = new ArrayList<>();
			if (orderFrom != null && orderFrom.primary != null) {
				providers.add(orderFrom.primary);
				if (orderFrom.secondary != null) {
					providers.add(orderFrom.secondary);
				}
			}
			String apiKey = blankToNull(this.properties.sendgrid().apiKey());
			String webhookKey = blankToNull(this.properties.sendgrid().webhookPublicKey());
			for (Optional<Row> candidate : List.of(tenantRow, own)) {
				if (candidate.isPresent() && candidate.get().sealedKey != null) {
					apiKey = this.secrets.open(tenant, KEY_PURPOSE, candidate.get().sealedKey);
				}
				if (candidate.isPresent() && candidate.get().webhookKey != null) {
					webhookKey = candidate.get().webhookKey;
				}
			}
			return new EmailRoute(sender, providers, apiKey, webhookKey);
		});
	}

	/**
	 * The Event Webhook verification keys Herald accepts for SendGrid events, with the
	 * tenant each belongs to (null: the platform's account, any tenant's events).
	 * Platform work: the webhook names no tenant until it verifies.
	 */
	public List<WebhookKey> webhookKeys() {
		List<WebhookKey> keys = new ArrayList<>(this.transactions.readAsPlatform(() -> this.jdbc
			.sql("SELECT DISTINCT sendgrid_webhook_key, tenant_id FROM email_settings "
					+ "WHERE sendgrid_webhook_key IS NOT NULL")
			.query((rs, n) -> new WebhookKey(rs.getString(1), new TenantId(rs.getObject(2, UUID.class))))
			.list()));
		String platform = blankToNull(this.properties.sendgrid().webhookPublicKey());
		if (platform != null) {
			keys.add(new WebhookKey(platform, null));
		}
		return keys;
	}

	/**
	 * An Event Webhook verification key.
	 *
	 * @param key base64 of the DER public key
	 * @param tenant the tenant whose settings hold it, or null for the platform's
	 */
	public record WebhookKey(String key, @Nullable TenantId tenant) {
	}

	private boolean hasInheritedKey(TenantId tenant, @Nullable StoreId store) {
		if (blankToNull(this.properties.sendgrid().apiKey()) != null) {
			return true;
		}
		return store != null && find(tenant, null).map((r) -> r.sealedKey != null).orElse(false);
	}

	private Optional<Row> find(TenantId tenant, @Nullable StoreId store) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM email_settings WHERE tenant_id = ? AND store_id IS NOT DISTINCT FROM ?")
			.params(tenant.value(), (store != null) ? store.value() : null)
			.query(EmailSettingsService::row)
			.optional();
	}

	private static void requireReader(Actor actor, @Nullable StoreId store) {
		if (isSystem(actor)) {
			return;
		}
		if (actor.role() == null || !READERS.contains(actor.role())
				|| (actor.hasRole(Role.STORE_MANAGER) && store == null)) {
			throw new PermissionDeniedException(
					"Only tenant admins, and store managers for their stores, " + "manage email settings");
		}
	}

	private static boolean isSystem(Actor actor) {
		return actor.type() == Actor.Type.SYSTEM && actor.role() == null;
	}

	private static @Nullable String address(String field, @Nullable String value, Map<String, String> errors) {
		String clean = clean(value);
		if (clean == null) {
			return null;
		}
		EmailAddresses.validate(clean).ifPresent((reason) -> errors.put(field, reason));
		return clean;
	}

	private static @Nullable String pick(Optional<Row> store, Optional<Row> tenant,
			Function<Row, @Nullable String> field, @Nullable String platform) {
		String value = store.map(field).orElse(null);
		if (value == null) {
			value = tenant.map(field).orElse(null);
		}
		return (value != null) ? value : blankToNull(platform);
	}

	private static @Nullable String clean(@Nullable String value) {
		return blankToNull(value);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Timestamp updated = rs.getTimestamp("updated_at");
		return new Row(rs.getObject("store_id", UUID.class), rs.getString("from_name"), rs.getString("from_address"),
				rs.getString("reply_to"), rs.getString("primary_provider"), rs.getString("secondary_provider"),
				rs.getBytes("sendgrid_api_key_sealed"), rs.getString("sendgrid_webhook_key"),
				(updated != null) ? updated.toInstant() : null, rs.getString("updated_by"));
	}

	private record Row(@Nullable UUID storeId, @Nullable String fromName, @Nullable String fromAddress,
			@Nullable String replyTo, @Nullable String primary, @Nullable String secondary, byte @Nullable [] sealedKey,
			@Nullable String webhookKey, @Nullable Instant updatedAt, @Nullable String updatedBy) {

		/** What the audit trail keeps: whether a key is set, never the key. */
		Map<String, Object> summary() {
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("fromName", this.fromName);
			summary.put("fromAddress", this.fromAddress);
			summary.put("replyTo", this.replyTo);
			summary.put("primaryProvider", this.primary);
			summary.put("secondaryProvider", this.secondary);
			summary.put("sendgridApiKey", (this.sealedKey != null) ? "set" : "none");
			summary.put("sendgridWebhookKey", (this.webhookKey != null) ? "set" : "none");
			return summary;
		}

	}

}
