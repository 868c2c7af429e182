package com.herald.preference;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.contact.ContactPermissions;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Tenants' branding of the public pages: the name recipients know them by, a logo and an
 * accent colour. Without settings: the tenant's own name and Herald's colour.
 */
@Service
public class BrandingService {

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	BrandingService(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
	}

	/** The tenant's branding, with defaults filled in. */
	public Branding get(TenantId tenant) {
		return this.transactions.readInTenant(tenant, () -> load(tenant));
	}

	/** The branding an admin sees, as stored: {@code null} fields use the defaults. */
	public BrandingSettings settings(Actor actor) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> stored(tenant));
	}

	/**
	 * Replaces the tenant's branding. Tenant admins only.
	 * @throws InvalidInputException for a name over 200 characters, a logo URL that is
	 * not https, or a colour that is not {@code #rrggbb}
	 */
	public BrandingSettings update(Actor actor, BrandingSettings settings) {
		ContactPermissions.requireChangeEveryStore(actor, "Only tenant admins change the branding");
		TenantId tenant = actor.requireTenant();
		BrandingSettings clean = validate(settings);
		return this.transactions.inTenant(tenant, () -> {
			BrandingSettings before = stored(tenant);
			this.jdbc.sql("""
					INSERT INTO tenant_branding (tenant_id, display_name, logo_url, accent_color, updated_at)
					VALUES (?, ?, ?, ?, now())
					ON CONFLICT (tenant_id) DO UPDATE
					    SET display_name = EXCLUDED.display_name, logo_url = EXCLUDED.logo_url,
					        accent_color = EXCLUDED.accent_color, updated_at = EXCLUDED.updated_at,
					        version = tenant_branding.version + 1""")
				.params(tenant.value(), clean.displayName(), clean.logoUrl(), clean.accentColor())
				.update();
			this.audit.record(actor, "branding.updated", AuditTrail.Target.of("tenant", tenant), summary(before),
					summary(clean));
			return clean;
		});
	}

	private Branding load(TenantId tenant) {
		BrandingSettings stored = stored(tenant);
		String name = stored.displayName();
		if (name == null) {
			name = this.jdbc.sql("SELECT name FROM tenants WHERE id = ?")
				.param(tenant.value())
				.query(String.class)
				.optional()
				.orElse("");
		}
		return new Branding(name, stored.logoUrl(),
				(stored.accentColor() != null) ? stored.accentColor() : Branding.DEFAULT_ACCENT);
	}

	private BrandingSettings stored(TenantId tenant) {
		return this.jdbc.sql("SELECT display_name, logo_url, accent_color FROM tenant_branding WHERE tenant_id = ?")
			.param(tenant.value())
			.query((rs, row) -> new BrandingSettings(rs.getString("display_name"), rs.getString("logo_url"),
					rs.getString("accent_color")))
			.optional()
			.orElse(new BrandingSettings(null, null, null));
	}

	static BrandingSettings validate(BrandingSettings settings) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = blankToNull(settings.displayName());
		if (name != null && name.length() > 200) {
			errors.put("displayName", "Use at most 200 characters");
		}
		String logo = blankToNull(settings.logoUrl());
		if (logo != null && !isHttpsUrl(logo)) {
			errors.put("logoUrl", "Use an https:// address of an image");
		}
		String color = blankToNull(settings.accentColor());
		if (color != null) {
			try {
				color = new Branding("x", null, color).accentColor();
			}
			catch (InvalidInputException ex) {
				errors.putAll(ex.getFieldErrors());
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new BrandingSettings(name, logo, color);
	}

	private static boolean isHttpsUrl(String value) {
		if (value.length() > 2000) {
			return false;
		}
		try {
			URI uri = new URI(value);
			return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static Map<String, Object> summary(BrandingSettings settings) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("displayName", (settings.displayName() != null) ? settings.displayName() : "default");
		summary.put("logoUrl", (settings.logoUrl() != null) ? settings.logoUrl() : "none");
		summary.put("accentColor", (settings.accentColor() != null) ? settings.accentColor() : "default");
		return summary;
	}

}
