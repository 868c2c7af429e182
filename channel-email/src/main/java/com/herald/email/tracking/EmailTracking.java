package com.herald.email.tracking;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.channel.DeliveryStatusSink;
import com.herald.channel.EngagementEvent;
import com.herald.preference.PreferenceLinks;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.SecretBox;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Herald's open and click tracking for SMTP email: the per-tenant setting (off unless a
 * tenant admin turns it on; audited), the rewriting of a message's HTML, and the
 * recording of opens and clicks from the public endpoints as engagement events (through
 * the engine's {@link DeliveryStatusSink}, which keeps one open and one click per
 * delivery).
 */
@Service
public class EmailTracking {

	/** The provider name the engagement is reported under. */
	static final String PROVIDER = "smtp";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final ObjectProvider<DeliveryStatusSink> sinks;

	private final TrackingTokens tokens;

	private final TrackingLinks links;

	private final FixedWindowLimiter limiter;

	EmailTracking(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit,
			ObjectProvider<DeliveryStatusSink> sinks, SecretBox secrets, TrackingProperties properties,
			@Value("${herald.public-url:http://localhost:8080}") String publicUrl) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.sinks = sinks;
		this.tokens = new TrackingTokens(secrets);
		this.links = new TrackingLinks(this.tokens, publicUrl,
				List.of(PreferenceLinks.UNSUBSCRIBE_PATH, PreferenceLinks.PREFERENCES_PATH));
		this.limiter = new FixedWindowLimiter(properties.requestsPerMinute());
	}

	/** The tenant's setting. Tenant admins. */
	public TrackingSettings get(Actor actor) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> find(tenant));
	}

	/** Turns tracking on or off for the tenant's SMTP email. Tenant admins; audited. */
	public TrackingSettings set(Actor actor, boolean enabled) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			TrackingSettings before = find(tenant);
			this.jdbc.sql("""
					INSERT INTO email_tracking_settings (tenant_id, enabled, updated_by) VALUES (?, ?, ?)
					ON CONFLICT (tenant_id) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now(),
					    updated_by = EXCLUDED.updated_by""").params(tenant.value(), enabled, actor.label()).update();
			this.audit.record(actor, "email-tracking.changed", AuditTrail.Target.of("email-tracking", tenant.value()),
					Map.of("enabled", before.enabled()), Map.of("enabled", enabled));
			return find(tenant);
		});
	}

	/** Whether the tenant tracks its SMTP email. */
	public boolean enabled(TenantId tenant) {
		return this.transactions.readInTenant(tenant, () -> find(tenant).enabled());
	}

	/**
	 * The message's HTML with tracked links and the open pixel.
	 * @param unsubscribeUrl the message's one-click unsubscribe link (never rewritten)
	 */
	public String rewrite(String html, UUID deliveryId, @Nullable String unsubscribeUrl) {
		return this.links.rewrite(html, deliveryId, unsubscribeUrl);
	}

	/**
	 * Records an open from the pixel.
	 * @return whether the token was genuine (the pixel is served either way when it was)
	 * @throws TooManyTrackingRequestsException when the client is over its limit
	 */
	public boolean open(String token, String client) {
		Optional<UUID> delivery = this.tokens.readOpen(token);
		if (delivery.isEmpty()) {
			return false;
		}
		if (!this.limiter.tryHit(client)) {
			throw new TooManyTrackingRequestsException();
		}
		report(new EngagementEvent(delivery.get(), null, EngagementEvent.Type.OPENED, Instant.now(), null));
		return true;
	}

	/**
	 * Records a click and says where to send the person: only ever the URL signed into
	 * the token. A client over its limit is still redirected, the click not recorded.
	 */
	public Optional<URI> click(String token, String client) {
		Optional<TrackingTokens.Click> click = this.tokens.readClick(token);
		click.filter((c) -> this.limiter.tryHit(client))
			.ifPresent((c) -> report(new EngagementEvent(c.deliveryId(), null, EngagementEvent.Type.CLICKED,
					Instant.now(), withoutQuery(c.target()))));
		return click.map(TrackingTokens.Click::target);
	}

	private void report(EngagementEvent event) {
		this.sinks.orderedStream().forEach((sink) -> sink.apply(PROVIDER, List.of(), List.of(event)));
	}

	/** The clicked link without its query and fragment, which may carry personal data. */
	private static String withoutQuery(URI target) {
		String text = target.getScheme() + "://" + target.getRawAuthority()
				+ ((target.getRawPath() != null) ? target.getRawPath() : "");
		return (text.length() > 500) ? text.substring(0, 500) : text;
	}

	private TrackingSettings find(TenantId tenant) {
		return this.jdbc.sql("SELECT enabled, updated_at, updated_by FROM email_tracking_settings WHERE tenant_id = ?")
			.param(tenant.value())
			.query((rs, n) -> new TrackingSettings(rs.getBoolean(1), instant(rs.getTimestamp(2)), rs.getString(3)))
			.optional()
			.orElse(new TrackingSettings(false, null, null));
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static void requireAdmin(Actor actor) {
		if (!actor.hasRole(Role.TENANT_ADMIN)) {
			throw new PermissionDeniedException("Only tenant admins manage email tracking");
		}
	}

}
