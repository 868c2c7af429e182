package com.herald.email.smtp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

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
 * SMTP servers per tenant and per store, and the server a send uses: the store's, else
 * the tenant's. Tenant admins change them; every change is audited without the password.
 * The password is sealed with the {@link SecretBox} and leaves this class in clear only
 * inside an {@link SmtpServer} for connecting.
 */
@Service
public class SmtpSettingsService {

	static final String PASSWORD_PURPOSE = "email.smtp.password";

	/** A DNS host name or an IPv4 address (IPv6 in brackets). */
	private static final Pattern HOST = Pattern
		.compile("^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
				+ "[A-Za-z0-9])?)*$|^\\[[0-9A-Fa-f:.]+\\]$");

	private static final int MAX_USERNAME = 320;

	private static final int MAX_PASSWORD = 512;

	private static final String COLUMNS = "store_id, host, port, security, username, password_sealed, updated_at, "
			+ "updated_by";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final SecretBox secrets;

	private final StoreService stores;

	private final AuditTrail audit;

	private final SmtpConnections connections;

	SmtpSettingsService(JdbcClient jdbc, TenantTransactions transactions, SecretBox secrets, StoreService stores,
			AuditTrail audit, SmtpConnections connections) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.secrets = secrets;
		this.stores = stores;
		this.audit = audit;
		this.connections = connections;
	}

	/** The settings of the tenant ({@code store} null) or of one of its stores. */
	public SmtpSettings get(Actor actor, @Nullable StoreId store) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		if (store != null) {
			this.stores.get(actor, store);
		}
		return this.transactions.readInTenant(tenant, () -> {
			boolean inherited = store != null && find(tenant, null).isPresent();
			return find(tenant, store)
				.map((r) -> new SmtpSettings(r.storeId, r.host, r.port, r.security, r.username,
						r.sealedPassword != null, r.updatedAt, r.updatedBy, false))
				.orElseGet(() -> new SmtpSettings((store != null) ? store.value() : null, null, 587,
						SmtpSecurity.STARTTLS, null, false, null, null, inherited));
		});
	}

	/**
	 * Replaces (or, with an empty host, removes) the SMTP server of the tenant or a
	 * store.
	 * @throws InvalidInputException naming each field that is wrong; nothing is saved
	 */
	public SmtpSettings save(Actor actor, @Nullable StoreId store, SmtpSettingsChange change) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		if (store != null) {
			this.stores.get(actor, store);
		}
		Map<String, String> errors = new LinkedHashMap<>();
		String host = clean(change.host());
		if (host != null) {
			host = host.toLowerCase(Locale.ROOT);
			if (!HOST.matcher(host).matches()) {
				errors.put("host", "Enter the server's host name, like smtp.example.com");
			}
		}
		int port = port(change.port(), errors);
		SmtpSecurity security = security(change.security(), errors);
		String username = clean(change.username());
		if (username != null && (username.length() > MAX_USERNAME || hasControl(username))) {
			errors.put("username", "Enter the login the server gave you (at most " + MAX_USERNAME + " characters)");
		}
		String password = (change.password() == null || change.password().isEmpty()) ? null : change.password();
		if (password != null && (password.length() > MAX_PASSWORD || hasControl(password))) {
			errors.put("password", "Enter the password without line breaks (at most " + MAX_PASSWORD + " characters)");
		}
		if (password != null && username == null) {
			errors.put("username", "Enter the login this password belongs to");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		String newHost = host;
		return this.transactions.inTenant(tenant, () -> {
			Optional<Row> before = find(tenant, store);
			this.jdbc.sql("DELETE FROM email_smtp_settings WHERE tenant_id = ? AND store_id IS NOT DISTINCT FROM ?")
				.params(tenant.value(), (store != null) ? store.value() : null)
				.update();
			Row after = null;
			if (newHost != null) {
				byte[] sealed = null;
				if (password != null) {
					sealed = this.secrets.seal(tenant, PASSWORD_PURPOSE, password);
				}
				else if (!change.clearPassword() && username != null && before.isPresent()
						&& username.equals(before.get().username)) {
					sealed = before.get().sealedPassword;
				}
				after = new Row((store != null) ? store.value() : null, newHost, port, security, username, sealed, null,
						actor.label());
				this.jdbc.sql("""
						INSERT INTO email_smtp_settings (tenant_id, id, store_id, host, port, security, username,
						    password_sealed, updated_by)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(tenant.value(), UUID.randomUUID(), after.storeId, newHost, port, security.key(), username,
							sealed, actor.label())
					.update();
			}
			AuditTrail.Target target = (store != null)
					? AuditTrail.Target.inStore("smtp-settings", store.value(), store)
					: AuditTrail.Target.of("smtp-settings", tenant.value());
			this.audit.record(actor, (after != null) ? "smtp-settings.changed" : "smtp-settings.removed", target,
					before.map(Row::summary).orElse(null), (after != null) ? after.summary() : null);
			before.ifPresent((old) -> this.connections.forget(server(tenant, old)));
			return get(actor, store);
		});
	}

	/**
	 * The server a message of the tenant (and store) goes through: the store's, else the
	 * tenant's; empty when neither has one.
	 */
	public Optional<SmtpServer> resolve(TenantId tenant, @Nullable UUID store) {
		return this.transactions.readInTenant(tenant, () -> {
			Optional<Row> row = (store != null) ? find(tenant, new StoreId(store)) : Optional.empty();
			return row.or(() -> find(tenant, null)).map((r) -> server(tenant, r));
		});
	}

	private SmtpServer server(TenantId tenant, Row row) {
		String password = (row.sealedPassword != null) ? this.secrets.open(tenant, PASSWORD_PURPOSE, row.sealedPassword)
				: null;
		return new SmtpServer(row.host, row.port, row.security, row.username, password);
	}

	private Optional<Row> find(TenantId tenant, @Nullable StoreId store) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM email_smtp_settings WHERE tenant_id = ? AND store_id IS NOT DISTINCT FROM ?")
			.params(tenant.value(), (store != null) ? store.value() : null)
			.query(SmtpSettingsService::row)
			.optional();
	}

	private static int port(@Nullable String value, Map<String, String> errors) {
		String clean = clean(value);
		if (clean == null) {
			return 587;
		}
		try {
			int port = Integer.parseInt(clean);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		errors.put("port", "Enter a port between 1 and 65535 (usually 587, or 465 for SSL)");
		return 587;
	}

	private static SmtpSecurity security(@Nullable String value, Map<String, String> errors) {
		String clean = clean(value);
		if (clean == null) {
			return SmtpSecurity.STARTTLS;
		}
		try {
			return SmtpSecurity.fromKey(clean);
		}
		catch (IllegalArgumentException ex) {
			errors.put("security", "Choose STARTTLS, SSL or none");
			return SmtpSecurity.STARTTLS;
		}
	}

	private static void requireAdmin(Actor actor) {
		if (actor.type() == Actor.Type.SYSTEM && actor.role() == null) {
			return;
		}
		if (!actor.hasRole(Role.TENANT_ADMIN)) {
			throw new PermissionDeniedException("Only tenant admins manage SMTP settings");
		}
	}

	private static boolean hasControl(String value) {
		return value.chars().anyMatch((c) -> c < 0x20 || c == 0x7f);
	}

	private static @Nullable String clean(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Timestamp updated = rs.getTimestamp("updated_at");
		return new Row(rs.getObject("store_id", UUID.class), rs.getString("host"), rs.getInt("port"),
				SmtpSecurity.fromKey(rs.getString("security")), rs.getString("username"),
				rs.getBytes("password_sealed"), (updated != null) ? updated.toInstant() : null,
				rs.getString("updated_by"));
	}

	private record Row(@Nullable UUID storeId, String host, int port, SmtpSecurity security, @Nullable String username,
			byte @Nullable [] sealedPassword, java.time.@Nullable Instant updatedAt, @Nullable String updatedBy) {

		/** What the audit trail keeps: whether a password is set, never the password. */
		Map<String, Object> summary() {
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("host", this.host);
			summary.put("port", this.port);
			summary.put("security", this.security.key());
			summary.put("username", this.username);
			summary.put("password", (this.sealedPassword != null) ? "set" : "none");
			return summary;
		}

	}

}
