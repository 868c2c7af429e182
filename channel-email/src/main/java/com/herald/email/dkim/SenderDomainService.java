package com.herald.email.dkim;

import java.security.KeyPair;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.SecretBox;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * A tenant's sender domains: adding one generates its DKIM key pair (RSA 2048; the
 * private key sealed with the {@link SecretBox}), and Herald shows the DNS records to
 * publish. Herald cannot look DNS up, so an admin confirms the record is published; from
 * then on messages whose From address is in the domain are signed. Tenant admins only;
 * every change is audited (never with the key).
 */
@Service
public class SenderDomainService {

	static final String KEY_PURPOSE = "email.dkim.private-key";

	private static final Pattern DOMAIN = Pattern
		.compile("^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$");

	private static final DateTimeFormatter SELECTOR_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

	/**
	 * Signing keys are read once a minute at most per domain (other nodes see changes
	 * then).
	 */
	private static final Duration KEY_CACHE = Duration.ofMinutes(1);

	public static final int MAX_PAGE = 100;

	private static final String COLUMNS = "id, domain, selector, public_key, verified_at, verified_by, created_at";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final SecretBox secrets;

	private final AuditTrail audit;

	private final Map<String, CachedKey> keys = new ConcurrentHashMap<>();

	SenderDomainService(JdbcClient jdbc, TenantTransactions transactions, SecretBox secrets, AuditTrail audit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.secrets = secrets;
		this.audit = audit;
	}

	/** The tenant's sender domains, alphabetically, one page at a time. */
	public Page<SenderDomain> list(Actor actor, int page, int size) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		int limit = Math.max(1, Math.min(size, MAX_PAGE));
		int offset = Math.max(0, page) * limit;
		return this.transactions.readInTenant(tenant, () -> {
			long total = this.jdbc.sql("SELECT count(*) FROM email_sender_domains WHERE tenant_id = ?")
				.param(tenant.value())
				.query(Long.class)
				.single();
			List<SenderDomain> items = this.jdbc
				.sql("SELECT " + COLUMNS
						+ " FROM email_sender_domains WHERE tenant_id = ? ORDER BY domain LIMIT ? OFFSET ?")
				.params(tenant.value(), limit, offset)
				.query(SenderDomainService::domain)
				.list();
			return new PageImpl<>(items, PageRequest.of(Math.max(0, page), limit), total);
		});
	}

	/** One of the tenant's sender domains; another tenant's is not found. */
	public SenderDomain get(Actor actor, UUID id) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> find(tenant, id));
	}

	/**
	 * Adds a domain and generates its DKIM key.
	 * @throws InvalidInputException when the domain is not a domain name, or already
	 * added
	 */
	public SenderDomain add(Actor actor, @Nullable String domainName) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		String domain = (domainName == null) ? "" : domainName.strip().toLowerCase(Locale.ROOT);
		if (domain.endsWith(".")) {
			domain = domain.substring(0, domain.length() - 1);
		}
		if (!DOMAIN.matcher(domain).matches()) {
			throw new InvalidInputException("domain", "Enter a domain name like news.example.com");
		}
		KeyPair pair = DkimKeys.generate();
		String selector = "herald" + LocalDate.now(ZoneOffset.UTC).format(SELECTOR_DATE);
		String publicKey = DkimKeys.publicKeyBase64(pair.getPublic());
		byte[] sealed = this.secrets.seal(tenant, KEY_PURPOSE,
				Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
		UUID id = UUID.randomUUID();
		String added = domain;
		return this.transactions.inTenant(tenant, () -> {
			try {
				this.jdbc.sql("""
						INSERT INTO email_sender_domains (tenant_id, id, domain, selector, public_key,
						    private_key_sealed, created_by)
						VALUES (?, ?, ?, ?, ?, ?, ?)""")
					.params(tenant.value(), id, added, selector, publicKey, sealed, actor.label())
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new InvalidInputException("domain", "This domain is already added");
			}
			this.audit.record(actor, "sender-domain.added", AuditTrail.Target.of("sender-domain", id), null,
					Map.of("domain", added, "selector", selector));
			return find(tenant, id);
		});
	}

	/**
	 * Records whether the DKIM record is published: confirmed domains have their messages
	 * signed; unconfirming stops signing.
	 */
	public SenderDomain confirmPublished(Actor actor, UUID id, boolean published) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			SenderDomain before = find(tenant, id);
			this.jdbc.sql("""
					UPDATE email_sender_domains SET verified_at = CASE WHEN ? THEN coalesce(verified_at, now()) END,
					    verified_by = CASE WHEN ? THEN coalesce(verified_by, ?) END
					WHERE tenant_id = ? AND id = ?""")
				.params(published, published, actor.label(), tenant.value(), id)
				.update();
			this.keys.remove(cacheKey(tenant, before.domain()));
			SenderDomain after = find(tenant, id);
			this.audit.record(actor, published ? "sender-domain.confirmed" : "sender-domain.unconfirmed",
					AuditTrail.Target.of("sender-domain", id),
					Map.of("domain", before.domain(), "verified", before.verified()),
					Map.of("domain", after.domain(), "verified", after.verified()));
			return after;
		});
	}

	/** Removes a domain and its key; its messages are no longer signed. */
	public void remove(Actor actor, UUID id) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		this.transactions.runInTenant(tenant, () -> {
			SenderDomain before = find(tenant, id);
			this.jdbc.sql("DELETE FROM email_sender_domains WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), id)
				.update();
			this.keys.remove(cacheKey(tenant, before.domain()));
			this.audit.record(actor, "sender-domain.removed", AuditTrail.Target.of("sender-domain", id),
					Map.of("domain", before.domain(), "verified", before.verified()), null);
		});
	}

	/**
	 * The key that signs messages from this domain of the tenant: present only for a
	 * confirmed domain.
	 */
	public Optional<DkimKey> signingKey(TenantId tenant, String domain) {
		String key = cacheKey(tenant, domain);
		CachedKey cached = this.keys.get(key);
		Instant now = Instant.now();
		if (cached != null && cached.readAt.plus(KEY_CACHE).isAfter(now)) {
			return cached.key;
		}
		Optional<DkimKey> loaded = this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("""
						SELECT selector, private_key_sealed FROM email_sender_domains
						WHERE tenant_id = ? AND domain = ? AND verified_at IS NOT NULL""")
					.params(tenant.value(), domain.toLowerCase(Locale.ROOT))
					.query((rs, n) -> new DkimKey(domain.toLowerCase(Locale.ROOT), rs.getString("selector"),
							DkimKeys.privateKey(Base64.getDecoder()
								.decode(this.secrets.open(tenant, KEY_PURPOSE, rs.getBytes("private_key_sealed"))))))
					.optional());
		this.keys.put(key, new CachedKey(loaded, now));
		return loaded;
	}

	private SenderDomain find(TenantId tenant, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM email_sender_domains WHERE tenant_id = ? AND id = ?")
			.params(tenant.value(), id)
			.query(SenderDomainService::domain)
			.optional()
			.orElseThrow(() -> new NotFoundException("Sender domain", id));
	}

	private static SenderDomain domain(ResultSet rs, int n) throws SQLException {
		String domain = rs.getString("domain");
		String selector = rs.getString("selector");
		String publicKey = rs.getString("public_key");
		java.sql.Timestamp verified = rs.getTimestamp("verified_at");
		return new SenderDomain(rs.getObject("id", UUID.class), domain, selector, selector + "._domainkey." + domain,
				DkimKeys.dnsValue(publicKey), DkimKeys.dnsValueQuoted(publicKey), "_dmarc." + domain,
				"v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:dmarc-reports@" + domain,
				(verified != null) ? verified.toInstant() : null, rs.getString("verified_by"),
				rs.getTimestamp("created_at").toInstant());
	}

	private static String cacheKey(TenantId tenant, String domain) {
		return tenant.value() + "/" + domain.toLowerCase(Locale.ROOT);
	}

	private static void requireAdmin(Actor actor) {
		if (!actor.hasRole(Role.TENANT_ADMIN)) {
			throw new PermissionDeniedException("Only tenant admins manage sender domains");
		}
	}

	private record CachedKey(Optional<DkimKey> key, Instant readAt) {
	}

}
