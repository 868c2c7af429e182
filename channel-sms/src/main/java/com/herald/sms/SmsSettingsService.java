package com.herald.sms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.consent.Channel;
import com.herald.contact.PhoneNumbers;
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
 * SMS settings per tenant and per store, and the account a send uses: the store's
 * settings, else the tenant's, else the platform's defaults
 * ({@code herald.sms.twilio.*}). Tenant admins change them; every change is audited
 * without the secret. The auth token is sealed with the {@link SecretBox} and never
 * leaves this class in clear except inside an {@link SmsAccount} for sending and
 * signature checks.
 */
@Service
public class SmsSettingsService {

	static final String TOKEN_PURPOSE = "sms.twilio.auth-token";

	private static final Duration RESOLVED_TTL = Duration.ofSeconds(5);

	private static final Pattern ACCOUNT_SID = Pattern.compile("^AC[0-9a-f]{32}$");

	private static final Pattern SERVICE_SID = Pattern.compile("^MG[0-9a-f]{32}$");

	private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9]{16,128}$");

	private static final int MAX_HELP = 480;

	/** A sender's rate at most (Twilio short codes send 100 a second; pools more). */
	static final int MAX_PER_SECOND = 10_000;

	private static final String COLUMNS = "store_id, account_sid, auth_token_sealed, from_number, messaging_service_sid, "
			+ "whatsapp_from, help_text, messages_per_second, updated_at, updated_by";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final SecretBox secrets;

	private final StoreService stores;

	private final AuditTrail audit;

	private final SmsProperties properties;

	private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

	/** Tenants known to exist, until when (System.nanoTime). */
	private final Map<TenantId, Long> existing = new ConcurrentHashMap<>();

	SmsSettingsService(JdbcClient jdbc, TenantTransactions transactions, SecretBox secrets, StoreService stores,
			AuditTrail audit, SmsProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.secrets = secrets;
		this.stores = stores;
		this.audit = audit;
		this.properties = properties;
	}

	/** The settings of the tenant ({@code store} null) or of one of its stores. */
	public SmsSettings get(Actor actor, @Nullable StoreId store) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		if (store != null) {
			this.stores.get(actor, store);
		}
		return this.transactions.readInTenant(tenant, () -> {
			Optional<Row> row = find(tenant, store);
			SmsAccount account = resolve(tenant, (store != null) ? store.value() : null);
			boolean platform = account.hasCredentials() && !ownCredentials(tenant, store);
			String provider = account.canSend(Channel.SMS) ? "twilio" : "sandbox";
			// what an empty rate means here: the tenant's (for a store), else the
			// platform's
			int inherited = (store != null)
					? find(tenant, null).map(Row::messagesPerSecond)
						.orElse(this.properties.twilio().messagesPerSecond())
					: this.properties.twilio().messagesPerSecond();
			return row
				.map((r) -> new SmsSettings(r.storeId, r.accountSid, r.sealedToken != null, r.fromNumber,
						r.messagingServiceSid, r.whatsappFrom, r.helpText, r.messagesPerSecond, inherited, r.updatedAt,
						r.updatedBy, provider, platform))
				.orElseGet(() -> new SmsSettings((store != null) ? store.value() : null, null, false, null, null, null,
						null, null, inherited, null, null, provider, platform));
		});
	}

	/**
	 * Replaces the settings of the tenant or a store.
	 * @throws InvalidInputException naming each field that is wrong; nothing is saved
	 */
	public SmsSettings save(Actor actor, @Nullable StoreId store, SmsSettingsChange change) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		if (store != null) {
			this.stores.get(actor, store);
		}
		String region = PhoneNumbers.DEFAULT_REGION;
		Map<String, String> errors = new LinkedHashMap<>();
		String accountSid = clean(change.accountSid());
		String token = clean(change.authToken());
		if (accountSid != null && !ACCOUNT_SID.matcher(accountSid).matches()) {
			errors.put("accountSid", "An Account SID is AC followed by 32 lowercase hex digits");
		}
		if (token != null && !TOKEN.matcher(token).matches()) {
			errors.put("authToken", "An auth token is 16 to 128 letters and digits");
		}
		String serviceSid = clean(change.messagingServiceSid());
		if (serviceSid != null && !SERVICE_SID.matcher(serviceSid).matches()) {
			errors.put("messagingServiceSid", "A Messaging Service SID is MG followed by 32 lowercase hex digits");
		}
		String from = phone("fromNumber", change.fromNumber(), region, errors);
		String whatsapp = phone("whatsappFrom", change.whatsappFrom(), region, errors);
		String help = clean(change.helpText());
		if (help != null && help.length() > MAX_HELP) {
			errors.put("helpText", "Keep the HELP reply to " + MAX_HELP + " characters");
		}
		Integer perSecond = change.messagesPerSecond();
		if (perSecond != null && (perSecond < 1 || perSecond > MAX_PER_SECOND)) {
			errors.put("messagesPerSecond", "Enter 1 to " + String.format("%,d", MAX_PER_SECOND)
					+ " messages per second, or leave it empty for the default");
		}
		else if (perSecond != null && store != null && from == null && serviceSid == null && whatsapp == null
				&& !errors.containsKey("fromNumber") && !errors.containsKey("whatsappFrom")) {
			// a rate belongs to a sender: this store sends from the tenant's, at its rate
			errors.put("messagesPerSecond",
					"Set this store's own sender to give it its own rate, or leave it empty: it sends from the tenant's sender at the tenant's rate");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		SmsSettings saved = this.transactions.inTenant(tenant, () -> {
			Optional<Row> before = find(tenant, store);
			String sid = change.clearCredentials() ? null : accountSid;
			byte[] sealed = null;
			if (!change.clearCredentials()) {
				if (token != null) {
					sealed = this.secrets.seal(tenant, TOKEN_PURPOSE, token);
				}
				else if (before.isPresent() && sid != null && sid.equals(before.get().accountSid)) {
					sealed = before.get().sealedToken;
				}
			}
			if ((sid == null) != (sealed == null)) {
				throw new InvalidInputException((sid == null) ? "accountSid" : "authToken", (sid == null)
						? "Enter the Account SID the auth token belongs to" : "Enter the auth token of this account");
			}
			try {
				this.jdbc.sql("DELETE FROM sms_settings WHERE tenant_id = ? AND store_id IS NOT DISTINCT FROM ?")
					.params(tenant.value(), (store != null) ? store.value() : null)
					.update();
				this.jdbc.sql("""
						INSERT INTO sms_settings (tenant_id, id, store_id, account_sid, auth_token_sealed, from_number,
						    messaging_service_sid, whatsapp_from, help_text, messages_per_second, updated_by)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(tenant.value(), UUID.randomUUID(), (store != null) ? store.value() : null, sid, sealed,
							from, serviceSid, whatsapp, help, perSecond, actor.label())
					.update();
			}
			catch (DuplicateKeyException ex) {
				String field = (from != null && ex.getMessage() != null && ex.getMessage().contains("from_number"))
						? "fromNumber" : "whatsappFrom";
				throw new InvalidInputException(field,
						"This number is already set up in Herald for another tenant or store");
			}
			AuditTrail.Target target = (store != null) ? AuditTrail.Target.inStore("sms-settings", store.value(), store)
					: AuditTrail.Target.of("sms-settings", tenant.value());
			this.audit.record(actor, "sms-settings.changed", target, before.map(Row::summary).orElse(null),
					new Row(store != null ? store.value() : null, sid, sealed, from, serviceSid, whatsapp, help,
							perSecond, null, null)
						.summary());
			return get(actor, store);
		});
		// a change applies at once on this node (on others within RESOLVED_TTL)
		this.resolved.keySet().removeIf((key) -> key.startsWith(tenant.value() + "/"));
		return saved;
	}

	/**
	 * The account a message of the tenant (and store) is sent with: each field from the
	 * store's settings, else the tenant's, else the platform's. Credentials come as a
	 * pair from the same place.
	 */
	public SmsAccount resolve(TenantId tenant, @Nullable UUID store) {
		String key = tenant.value() + "/" + store;
		Resolved cached = this.resolved.get(key);
		if (cached != null && cached.expiresAt() - System.nanoTime() > 0) {
			return cached.account();
		}
		SmsAccount account = load(tenant, store);
		if (this.resolved.size() > 10_000) {
			this.resolved.clear();
		}
		this.resolved.put(key, new Resolved(account, System.nanoTime() + RESOLVED_TTL.toNanos()));
		return account;
	}

	/**
	 * An account resolved a moment ago: every message sent reads its account, and a
	 * database round trip (and a decryption) per message would cap the send rate.
	 */
	private record Resolved(SmsAccount account, long expiresAt) {
	}

	private SmsAccount load(TenantId tenant, @Nullable UUID store) {
		return this.transactions.readInTenant(tenant, () -> {
			Optional<Row> own = (store != null) ? find(tenant, new StoreId(store)) : Optional.empty();
			Optional<Row> tenantRow = find(tenant, null);
			SmsProperties.Twilio platform = this.properties.twilio();
			String sid = platform.accountSid();
			String token = blankToNull(platform.authToken());
			for (Optional<Row> candidate : java.util.List.of(tenantRow, own)) {
				if (candidate.isPresent() && candidate.get().sealedToken != null) {
					sid = candidate.get().accountSid;
					token = this.secrets.open(tenant, TOKEN_PURPOSE, candidate.get().sealedToken);
				}
			}
			String service = pick(own, tenantRow, Row::messagingServiceSid, platform.messagingServiceSid());
			return new SmsAccount(blankToNull(sid), token, pick(own, tenantRow, Row::fromNumber, platform.from()),
					service, pick(own, tenantRow, Row::whatsappFrom, whatsAppNumber(platform.whatsappFrom())),
					Optional.ofNullable(pick(own, tenantRow, Row::helpText, null)).orElse(this.properties.helpText()),
					perSecond(own, tenantRow, (service != null) ? Row::messagingServiceSid : Row::fromNumber),
					perSecond(own, tenantRow, Row::whatsappFrom));
		});
	}

	/**
	 * The rate of the sender the field names: set beside it in the store's settings (else
	 * the tenant's) or the tenant's; the platform's sender sends at the platform's rate.
	 */
	private int perSecond(Optional<Row> store, Optional<Row> tenant,
			java.util.function.Function<Row, @Nullable String> sender) {
		int platform = this.properties.twilio().messagesPerSecond();
		Optional<Integer> tenantRate = tenant.map(Row::messagesPerSecond);
		if (store.map(sender).isPresent()) {
			return store.map(Row::messagesPerSecond).or(() -> tenantRate).orElse(platform);
		}
		return tenant.map(sender).isPresent() ? tenantRate.orElse(platform) : platform;
	}

	/**
	 * The platform's own account ({@code herald.sms.twilio.*}): it signs webhooks about
	 * messages sent from the platform's number.
	 */
	public SmsAccount platformAccount() {
		SmsProperties.Twilio platform = this.properties.twilio();
		return new SmsAccount(blankToNull(platform.accountSid()), blankToNull(platform.authToken()),
				blankToNull(platform.from()), blankToNull(platform.messagingServiceSid()),
				whatsAppNumber(platform.whatsappFrom()), this.properties.helpText(), platform.messagesPerSecond(),
				platform.messagesPerSecond());
	}

	/**
	 * The platform's WhatsApp sender as stored for tenants: E.164, without
	 * {@code whatsapp:}.
	 */
	private static @Nullable String whatsAppNumber(@Nullable String configured) {
		String number = blankToNull(configured);
		return (number != null) ? PhoneNumbers.withoutWhatsAppPrefix(number) : null;
	}

	/** Whether the tenant exists (a callback may name one that has been removed). */
	public boolean tenantExists(TenantId tenant) {
		// every status callback asks: a tenant seen a moment ago is not looked up again
		Long until = this.existing.get(tenant);
		if (until != null && until - System.nanoTime() > 0) {
			return true;
		}
		boolean exists = this.transactions
			.readAsPlatform(() -> this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenants WHERE id = ?)")
				.param(tenant.value())
				.query(Boolean.class)
				.single());
		if (exists) {
			if (this.existing.size() > 10_000) {
				this.existing.clear();
			}
			this.existing.put(tenant, System.nanoTime() + RESOLVED_TTL.toNanos());
		}
		return exists;
	}

	/**
	 * Which tenant and store a number belongs to, for inbound messages (platform work:
	 * the webhook is not signed in, the number names the tenant).
	 */
	public Optional<NumberOwner> ownerOf(String number) {
		return this.transactions.readAsPlatform(() -> this.jdbc
			.sql("SELECT tenant_id, store_id FROM sms_settings WHERE from_number = ? OR whatsapp_from = ? LIMIT 1")
			.params(number, number)
			.query((rs, n) -> new NumberOwner(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
			.optional());
	}

	/**
	 * The tenant (and store) a number belongs to.
	 *
	 * @param tenant the tenant
	 * @param storeId the store whose settings name the number, or null
	 */
	public record NumberOwner(TenantId tenant, @Nullable UUID storeId) {
	}

	private boolean ownCredentials(TenantId tenant, @Nullable StoreId store) {
		return find(tenant, null).map((r) -> r.sealedToken != null).orElse(false)
				|| (store != null && find(tenant, store).map((r) -> r.sealedToken != null).orElse(false));
	}

	private Optional<Row> find(TenantId tenant, @Nullable StoreId store) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM sms_settings WHERE tenant_id = ? AND store_id IS NOT DISTINCT FROM ?")
			.params(tenant.value(), (store != null) ? store.value() : null)
			.query(SmsSettingsService::row)
			.optional();
	}

	private static @Nullable String pick(Optional<Row> store, Optional<Row> tenant,
			java.util.function.Function<Row, @Nullable String> field, @Nullable String platform) {
		String value = store.map(field).orElse(null);
		if (value == null) {
			value = tenant.map(field).orElse(null);
		}
		return (value != null) ? value : blankToNull(platform);
	}

	private static void requireAdmin(Actor actor) {
		if (actor.type() == Actor.Type.SYSTEM && actor.role() == null) {
			return;
		}
		if (!actor.hasRole(Role.TENANT_ADMIN)) {
			throw new PermissionDeniedException("Only tenant admins manage SMS settings");
		}
	}

	private static @Nullable String phone(String field, @Nullable String value, String region,
			Map<String, String> errors) {
		String clean = clean(value);
		if (clean == null) {
			return null;
		}
		try {
			return PhoneNumbers.toE164(field, PhoneNumbers.withoutWhatsAppPrefix(clean), region);
		}
		catch (InvalidInputException ex) {
			errors.put(field, "Enter the number in international form, like +14155550100");
			return null;
		}
	}

	private static @Nullable String clean(@Nullable String value) {
		return blankToNull(value);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Timestamp updated = rs.getTimestamp("updated_at");
		return new Row(rs.getObject("store_id", UUID.class), rs.getString("account_sid"),
				rs.getBytes("auth_token_sealed"), rs.getString("from_number"), rs.getString("messaging_service_sid"),
				rs.getString("whatsapp_from"), rs.getString("help_text"), (Integer) rs.getObject("messages_per_second"),
				(updated != null) ? updated.toInstant() : null, rs.getString("updated_by"));
	}

	private record Row(@Nullable UUID storeId, @Nullable String accountSid, byte @Nullable [] sealedToken,
			@Nullable String fromNumber, @Nullable String messagingServiceSid, @Nullable String whatsappFrom,
			@Nullable String helpText, @Nullable Integer messagesPerSecond, java.time.@Nullable Instant updatedAt,
			@Nullable String updatedBy) {

		/** What the audit trail keeps: whether a token is set, never the token. */
		Map<String, Object> summary() {
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("accountSid", this.accountSid);
			summary.put("authToken", (this.sealedToken != null) ? "set" : "none");
			summary.put("fromNumber", this.fromNumber);
			summary.put("messagingServiceSid", this.messagingServiceSid);
			summary.put("whatsappFrom", this.whatsappFrom);
			summary.put("helpText", this.helpText);
			summary.put("messagesPerSecond", this.messagesPerSecond);
			return summary;
		}

	}

}
