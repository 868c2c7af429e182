package com.herald.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.contact.ContactInputs;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactService;
import com.herald.contact.PhoneNumbers;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The tenant's suppression list: addresses that are never messaged on a channel, whatever
 * consent or preferences say. Kept by address (E.164 phone, lowercase email, push token),
 * so it outlives the contact. Addresses are normalised the way contacts' are: phone
 * numbers without a country code are read in the tenant's default region.
 */
@Service
public class SuppressionService {

	public static final int MAX_LIST = 500;

	private static final String COLUMNS = "id, channel, address, reason, note, created_at, actor_label";

	private final JdbcClient jdbc;

	private final ContactService contacts;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	SuppressionService(JdbcClient jdbc, ContactService contacts, TenantTransactions transactions, AuditTrail audit) {
		this.jdbc = jdbc;
		this.contacts = contacts;
		this.transactions = transactions;
		this.audit = audit;
	}

	/**
	 * Suppresses an address. Adding one already there keeps the first entry (and its
	 * reason) and returns it.
	 */
	public Suppression add(Actor actor, Channel channel, String address, SuppressionReason reason,
			@Nullable String note) {
		ContactPermissions.requireChange(actor);
		TenantId tenant = actor.requireTenant();
		String cleanNote = ContactInputs.text("note", note, 500);
		return this.transactions.inTenant(tenant, () -> {
			String clean = normalize(tenant, channel, address);
			Optional<Suppression> added = this.jdbc.sql("""
					INSERT INTO suppressions (tenant_id, id, channel, address, reason, note, actor_label)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (tenant_id, channel, address) DO NOTHING
					RETURNING\s""" + COLUMNS)
				.params(tenant.value(), UUID.randomUUID(), channel.key(), clean, reason.key(), cleanNote, actor.label())
				.query(SuppressionService::suppression)
				.optional();
			if (added.isEmpty()) {
				return find(tenant, channel, clean).orElseThrow();
			}
			Suppression suppression = added.get();
			this.audit.record(actor, "suppression.added", AuditTrail.Target.of("suppression", suppression.id()), null,
					summary(suppression));
			return suppression;
		});
	}

	/**
	 * Lifts a suppression. Tenant admins only: it lets Herald message the address again.
	 * @return whether there was one
	 */
	public boolean remove(Actor actor, Channel channel, String address) {
		ContactPermissions.requireChange(actor);
		if (ContactPermissions.isStoreLimited(actor)) {
			throw new PermissionDeniedException("Only tenant admins lift suppressions");
		}
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			String clean = normalize(tenant, channel, address);
			Optional<Suppression> removed = this.jdbc
				.sql("DELETE FROM suppressions WHERE tenant_id = ? AND channel = ? AND address = ? RETURNING "
						+ COLUMNS)
				.params(tenant.value(), channel.key(), clean)
				.query(SuppressionService::suppression)
				.optional();
			removed.ifPresent((suppression) -> this.audit.record(actor, "suppression.removed",
					AuditTrail.Target.of("suppression", suppression.id()), summary(suppression), null));
			return removed.isPresent();
		});
	}

	/** Whether the address is suppressed on the channel. */
	public boolean isSuppressed(TenantId tenant, Channel channel, String address) {
		return find(tenant, channel, address).isPresent();
	}

	public Optional<Suppression> find(TenantId tenant, Channel channel, String address) {
		return this.transactions.readInTenant(tenant, () -> {
			String clean = normalize(tenant, channel, address);
			return this.jdbc
				.sql("SELECT " + COLUMNS + " FROM suppressions WHERE tenant_id = ? AND channel = ? AND address = ?")
				.params(tenant.value(), channel.key(), clean)
				.query(SuppressionService::suppression)
				.optional();
		});
	}

	/** The newest suppressions, optionally of one channel. */
	public List<Suppression> list(Actor actor, @Nullable Channel channel, int limit) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		if (limit < 1 || limit > MAX_LIST) {
			throw new InvalidInputException("limit", "Ask for 1 to " + MAX_LIST + " suppressions");
		}
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT " + COLUMNS + """
						 FROM suppressions
						WHERE tenant_id = :tenant AND (CAST(:channel AS varchar) IS NULL OR channel = :channel)
						ORDER BY created_at DESC, id DESC LIMIT :limit
						""")
					.param("tenant", tenant.value())
					.param("channel", (channel != null) ? channel.key() : null)
					.param("limit", limit)
					.query(SuppressionService::suppression)
					.list());
	}

	/** Whether an address already in its stored form is suppressed. */
	boolean isSuppressedExact(TenantId tenant, Channel channel, String address) {
		return this.jdbc.sql("SELECT 1 FROM suppressions WHERE tenant_id = ? AND channel = ? AND address = ?")
			.params(tenant.value(), channel.key(), address)
			.query(Integer.class)
			.optional()
			.isPresent();
	}

	/**
	 * The stored form of an address: E.164 for sms and whatsapp (Twilio's
	 * {@code whatsapp:} prefix dropped), lowercase for email, stripped for push tokens.
	 */
	String normalize(TenantId tenant, Channel channel, @Nullable String address) {
		return switch (channel) {
			case SMS -> PhoneNumbers.toE164("address", address, this.contacts.defaultPhoneRegion(tenant));
			case WHATSAPP ->
				PhoneNumbers.toE164("address", (address != null) ? PhoneNumbers.withoutWhatsAppPrefix(address) : null,
						this.contacts.defaultPhoneRegion(tenant));
			case EMAIL -> ContactInputs.email("address", address);
			case PUSH -> {
				String token = ContactInputs.text("address", address, 512);
				if (token == null) {
					throw new InvalidInputException("address", "Give the push token");
				}
				yield token;
			}
		};
	}

	private static Map<String, Object> summary(Suppression suppression) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("channel", suppression.channel().key());
		summary.put("reason", suppression.reason().key());
		return summary;
	}

	private static Suppression suppression(ResultSet rs, int row) throws SQLException {
		return new Suppression(rs.getObject("id", UUID.class), Channel.fromKey(rs.getString("channel")),
				rs.getString("address"), SuppressionReason.fromKey(rs.getString("reason")), rs.getString("note"),
				ConsentLedger.instant(rs, "created_at"), rs.getString("actor_label"));
	}

}
