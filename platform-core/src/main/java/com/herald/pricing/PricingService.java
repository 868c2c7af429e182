package com.herald.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.audience.AudienceService;
import com.herald.audience.CompiledAudience;
import com.herald.audience.Criterion;
import com.herald.contact.ContactPermissions;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * SMS prices per segment by recipient country: Herald's list prices, which each tenant
 * may override (tenant admins; audited), and cost estimates. Email has one price per
 * message: Herald's ({@code herald.pricing.email-price}) or the tenant's own. An estimate
 * groups the audience's phone numbers by calling code in one pass in SQL and prices each
 * group; contacts without a phone number are not recipients. Whoever sees contacts sees
 * prices and estimates (store managers estimate over their stores' contacts only).
 */
@Service
public class PricingService {

	/** The highest price per segment accepted. */
	public static final BigDecimal MAX_PRICE = new BigDecimal("10");

	private static final int SCALE = 5;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final AudienceService audiences;

	private final ContactService contacts;

	private final PricingProperties properties;

	PricingService(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, AudienceService audiences,
			ContactService contacts, PricingProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.audiences = audiences;
		this.contacts = contacts;
		this.properties = properties;
	}

	public static String currency() {
		return SmsPricing.CURRENCY;
	}

	/** The key that prices every country without a price of its own. */
	public static String otherCountries() {
		return SmsPricing.OTHER_COUNTRIES;
	}

	/** Every country with a platform or tenant price, "other countries" last. */
	public List<SmsPrice> prices(Actor actor) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> prices(tenant));
	}

	/**
	 * Sets the tenant's price for a country.
	 * @throws InvalidInputException for an unknown country, one priced as another (it
	 * shares a calling code), or a price outside 0 to {@link #MAX_PRICE}
	 */
	public SmsPrice setPrice(Actor actor, String country, @Nullable BigDecimal price) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		String code = country(country);
		BigDecimal clean = clean(price, "Enter a price per segment from 0 to " + MAX_PRICE);
		return this.transactions.inTenant(tenant, () -> {
			SmsPrice before = price(tenant, code);
			this.jdbc.sql("""
					INSERT INTO sms_tenant_prices (tenant_id, country, price_per_segment) VALUES (?, ?, ?)
					ON CONFLICT (tenant_id, country)
					DO UPDATE SET price_per_segment = EXCLUDED.price_per_segment, updated_at = now()""")
				.params(tenant.value(), code, clean)
				.update();
			SmsPrice after = price(tenant, code);
			this.audit.record(actor, "pricing.sms_price_set", AuditTrail.Target.of("sms_price", code), summary(before),
					summary(after));
			return after;
		});
	}

	/**
	 * Removes the tenant's price for a country: the platform's applies again.
	 * @throws NotFoundException when the tenant has no price of its own there
	 */
	public void removePrice(Actor actor, String country) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		String code = country(country);
		this.transactions.runInTenant(tenant, () -> {
			SmsPrice before = price(tenant, code);
			int removed = this.jdbc.sql("DELETE FROM sms_tenant_prices WHERE tenant_id = ? AND country = ?")
				.params(tenant.value(), code)
				.update();
			if (removed == 0) {
				throw new NotFoundException("Tenant SMS price", code);
			}
			this.audit.record(actor, "pricing.sms_price_removed", AuditTrail.Target.of("sms_price", code),
					summary(before), summary(price(tenant, code)));
		});
	}

	/**
	 * The cost of one message of {@code segments} segments to the contacts a criteria
	 * tree matches (those the actor sees, with a phone number).
	 */
	public CostEstimate estimate(Actor actor, Criterion audience, int segments) {
		requireSegments(segments);
		TenantId tenant = actor.requireTenant();
		CompiledAudience compiled = this.audiences.compile(actor, audience);
		return this.transactions.readInTenant(tenant, () -> {
			Map<String, BigDecimal> byCallingCode = pricesByCallingCode(tenant);
			BigDecimal fallback = fallback(tenant);
			List<String> codes = new ArrayList<>(byCallingCode.keySet());
			List<String> amounts = codes.stream().map((code) -> byCallingCode.get(code).toPlainString()).toList();
			List<Object> params = new ArrayList<>();
			params.add(oneDigitCodes());
			params.add(twoDigitCodes());
			params.addAll(compiled.params());
			params.add(codes.toArray(String[]::new));
			params.add(amounts.toArray(String[]::new));
			params.add(fallback);
			// calling codes are prefix-free (ITU E.164): one, two or three digits after
			// the +
			List<CountryCost> lines = this.jdbc
				.sql("""
						WITH recipients AS (
						    SELECT CASE WHEN substr(c.phone_e164, 2, 1) = ANY (CAST(? AS text[])) THEN substr(c.phone_e164, 2, 1)
						                WHEN substr(c.phone_e164, 2, 2) = ANY (CAST(? AS text[])) THEN substr(c.phone_e164, 2, 2)
						                ELSE substr(c.phone_e164, 2, 3) END AS calling_code
						    FROM contacts c
						    WHERE c.phone_e164 IS NOT NULL AND\s"""
						+ compiled.where() + """
								), prices AS (
								    SELECT p.calling_code, CAST(p.price AS numeric) AS price
								    FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS p (calling_code, price)
								)
								SELECT r.calling_code, count(*) AS recipients, coalesce(p.price, ?) AS price
								FROM recipients r LEFT JOIN prices p ON p.calling_code = r.calling_code
								GROUP BY r.calling_code, p.price""")
				.params(params)
				.query((rs, row) -> line(rs.getString("calling_code"), rs.getLong("recipients"),
						rs.getBigDecimal("price"), segments))
				.list();
			return estimate(lines, segments);
		});
	}

	/**
	 * The cost of one message of {@code segments} segments to {@code recipients} people
	 * whose numbers are in the tenant's default phone country, for composing before an
	 * audience is chosen.
	 */
	public CostEstimate estimate(Actor actor, long recipients, int segments) {
		ContactPermissions.requireRead(actor);
		requireSegments(segments);
		if (recipients < 0 || recipients > 100_000_000) {
			throw new InvalidInputException("audienceSize", "Enter an audience size from 0 to 100,000,000");
		}
		TenantId tenant = actor.requireTenant();
		String region = this.contacts.defaultPhoneRegion(tenant);
		return this.transactions.readInTenant(tenant, () -> {
			String callingCode = SmsPricing.callingCodeOf(region);
			BigDecimal price = pricesByCallingCode(tenant).getOrDefault(callingCode, fallback(tenant));
			List<CountryCost> lines = (recipients == 0) ? List.of()
					: List.of(line(callingCode, recipients, price, segments));
			return estimate(lines, segments);
		});
	}

	/**
	 * The tenant's prices per segment by recipient number, for costing what was sent
	 * (system work: no actor).
	 */
	public SmsRates rates(TenantId tenant) {
		return this.transactions.readInTenant(tenant,
				() -> new SmsRates(pricesByCallingCode(tenant), fallback(tenant)));
	}

	/** What one email costs the tenant: Herald's price and the tenant's own. */
	public EmailPrice emailPrice(Actor actor) {
		ContactPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> emailPrice(tenant));
	}

	/**
	 * Sets the tenant's price per email.
	 * @throws InvalidInputException for a price outside 0 to {@link #MAX_PRICE}
	 */
	public EmailPrice setEmailPrice(Actor actor, @Nullable BigDecimal price) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		BigDecimal clean = clean(price, "Enter a price per email from 0 to " + MAX_PRICE);
		return this.transactions.inTenant(tenant, () -> {
			EmailPrice before = emailPrice(tenant);
			this.jdbc
				.sql("""
						INSERT INTO email_tenant_prices (tenant_id, price_per_email) VALUES (?, ?)
						ON CONFLICT (tenant_id) DO UPDATE SET price_per_email = EXCLUDED.price_per_email, updated_at = now()""")
				.params(tenant.value(), clean)
				.update();
			EmailPrice after = emailPrice(tenant);
			this.audit.record(actor, "pricing.email_price_set", AuditTrail.Target.of("email_price", "email"),
					summary(before), summary(after));
			return after;
		});
	}

	/**
	 * Removes the tenant's price per email: Herald's applies again.
	 * @throws NotFoundException when the tenant has no price of its own
	 */
	public EmailPrice removeEmailPrice(Actor actor) {
		requireChange(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			EmailPrice before = emailPrice(tenant);
			if (this.jdbc.sql("DELETE FROM email_tenant_prices WHERE tenant_id = ?")
				.param(tenant.value())
				.update() == 0) {
				throw new NotFoundException("Tenant email price", "email");
			}
			EmailPrice after = emailPrice(tenant);
			this.audit.record(actor, "pricing.email_price_removed", AuditTrail.Target.of("email_price", "email"),
					summary(before), summary(after));
			return after;
		});
	}

	/**
	 * What one email costs the tenant, in millionths, for costing what was sent and
	 * estimating a broadcast (system work: no actor).
	 */
	public long emailMicros(TenantId tenant) {
		return this.transactions.readInTenant(tenant, () -> emailPrice(tenant)).micros();
	}

	private EmailPrice emailPrice(TenantId tenant) {
		BigDecimal own = this.jdbc.sql("SELECT price_per_email FROM email_tenant_prices WHERE tenant_id = ?")
			.param(tenant.value())
			.query(BigDecimal.class)
			.optional()
			.orElse(null);
		return new EmailPrice(this.properties.emailPrice(), own);
	}

	private static BigDecimal clean(@Nullable BigDecimal price, String range) {
		if (price == null || price.signum() < 0 || price.compareTo(MAX_PRICE) > 0) {
			throw new InvalidInputException("price", range);
		}
		if (price.stripTrailingZeros().scale() > SCALE) {
			throw new InvalidInputException("price", "Use at most " + SCALE + " decimal places");
		}
		return price.setScale(SCALE, RoundingMode.UNNECESSARY);
	}

	private static Map<String, Object> summary(EmailPrice price) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("platformPrice", price.platformPrice().toPlainString());
		summary.put("tenantPrice", (price.tenantPrice() != null) ? price.tenantPrice().toPlainString() : null);
		return summary;
	}

	private List<SmsPrice> prices(TenantId tenant) {
		Map<String, BigDecimal[]> rows = new TreeMap<>();
		this.jdbc.sql("SELECT country, price_per_segment FROM sms_default_prices").query((rs) -> {
			rows.computeIfAbsent(rs.getString(1), (key) -> new BigDecimal[2])[0] = rs.getBigDecimal(2);
		});
		this.jdbc.sql("SELECT country, price_per_segment FROM sms_tenant_prices WHERE tenant_id = ?")
			.param(tenant.value())
			.query((rs) -> {
				rows.computeIfAbsent(rs.getString(1), (key) -> new BigDecimal[2])[1] = rs.getBigDecimal(2);
			});
		List<SmsPrice> prices = new ArrayList<>();
		rows.forEach((country, pair) -> prices.add(new SmsPrice(country, pair[0], pair[1])));
		prices.sort(Comparator.comparing((SmsPrice price) -> SmsPricing.OTHER_COUNTRIES.equals(price.country()))
			.thenComparing(SmsPrice::country));
		return prices;
	}

	private SmsPrice price(TenantId tenant, String country) {
		return prices(tenant).stream()
			.filter((price) -> price.country().equals(country))
			.findFirst()
			.orElse(new SmsPrice(country, null, null));
	}

	/** Calling code → price, for every calling code whose country has a price. */
	private Map<String, BigDecimal> pricesByCallingCode(TenantId tenant) {
		Map<String, BigDecimal> byCountry = new LinkedHashMap<>();
		for (SmsPrice price : prices(tenant)) {
			if (price.price() != null) {
				byCountry.put(price.country(), price.price());
			}
		}
		Map<String, BigDecimal> byCode = new LinkedHashMap<>();
		SmsPricing.MAIN_COUNTRY_BY_CALLING_CODE.forEach((code, country) -> {
			if (byCountry.containsKey(country)) {
				byCode.put(code, byCountry.get(country));
			}
		});
		return byCode;
	}

	private BigDecimal fallback(TenantId tenant) {
		BigDecimal price = price(tenant, SmsPricing.OTHER_COUNTRIES).price();
		return (price != null) ? price : BigDecimal.ZERO;
	}

	private static CountryCost line(String callingCode, long recipients, BigDecimal price, int segments) {
		String country = SmsPricing.MAIN_COUNTRY_BY_CALLING_CODE.getOrDefault(callingCode, SmsPricing.OTHER_COUNTRIES);
		BigDecimal cost = price.multiply(BigDecimal.valueOf(recipients)).multiply(BigDecimal.valueOf(segments));
		return new CountryCost(country, callingCode, recipients, price, cost);
	}

	private static CostEstimate estimate(List<CountryCost> lines, int segments) {
		List<CountryCost> sorted = new ArrayList<>(lines);
		sorted.sort(Comparator.comparing(CountryCost::cost).reversed().thenComparing(CountryCost::country));
		long recipients = sorted.stream().mapToLong(CountryCost::recipients).sum();
		BigDecimal total = sorted.stream().map(CountryCost::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new CostEstimate(recipients, segments, total.setScale(2, RoundingMode.HALF_UP), sorted);
	}

	private static String[] oneDigitCodes() {
		return SmsPricing.MAIN_COUNTRY_BY_CALLING_CODE.keySet()
			.stream()
			.filter((code) -> code.length() == 1)
			.toArray(String[]::new);
	}

	private static String[] twoDigitCodes() {
		return SmsPricing.MAIN_COUNTRY_BY_CALLING_CODE.keySet()
			.stream()
			.filter((code) -> code.length() == 2)
			.toArray(String[]::new);
	}

	private static void requireSegments(int segments) {
		if (segments < 0 || segments > 20) {
			throw new InvalidInputException("segments", "A message has 0 to 20 segments");
		}
	}

	private static void requireChange(Actor actor) {
		ContactPermissions.requireChangeEveryStore(actor, "Only tenant admins change prices");
	}

	private static String country(@Nullable String country) {
		String code = (country != null) ? country.strip().toUpperCase(Locale.ROOT) : "";
		if (SmsPricing.OTHER_COUNTRIES.equals(code)) {
			return code;
		}
		if (!code.matches("[A-Z]{2}") || !SmsPricing.isKnownCountry(code)) {
			throw new InvalidInputException("country", "Enter a two-letter country code, like US or GB");
		}
		String main = SmsPricing.mainCountryOf(code);
		if (!main.equals(code)) {
			throw new InvalidInputException("country", code + " shares calling code +" + SmsPricing.callingCodeOf(code)
					+ " with " + main + ", so its numbers are priced as " + main + ": set the price for " + main);
		}
		return code;
	}

	private static Map<String, Object> summary(SmsPrice price) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("country", price.country());
		summary.put("platformPrice", (price.platformPrice() != null) ? price.platformPrice().toPlainString() : null);
		summary.put("tenantPrice", (price.tenantPrice() != null) ? price.tenantPrice().toPlainString() : null);
		return summary;
	}

}
