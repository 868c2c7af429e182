package com.herald.pricing;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.audience.Condition;
import com.herald.audience.Criterion;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PricingServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	PricingService pricing;

	@Autowired
	ContactService contacts;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcClient jdbc;

	TwoTenants two;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
	}

	@Test
	void estimateSumsSegmentsTimesTheCountryPriceOfEachRecipient() {
		String tag = ContactFixtures.token();
		Criterion audience = Condition.of("tags", "any", tag);
		this.contacts.create(this.admin, ContactFixtures.person().tag(tag).build());
		this.contacts.create(this.admin, ContactFixtures.person().tag(tag).build());
		this.contacts.create(this.admin, ContactFixtures.person().phone(ContactFixtures.esMobile()).tag(tag).build());
		this.contacts.create(this.admin, ContactFixtures.person().phone("+4915112345678").tag(tag).build());
		this.contacts.create(this.admin, ContactFixtures.person().phone(null).tag(tag).build());

		CostEstimate estimate = this.pricing.estimate(this.admin, audience, 2);

		assertThat(estimate.recipients()).as("contacts with a phone").isEqualTo(4);
		assertThat(estimate.countries())
			.extracting(CountryCost::country, CountryCost::callingCode, CountryCost::recipients,
					(line) -> line.cost().stripTrailingZeros())
			.containsExactly(org.assertj.core.groups.Tuple.tuple("DE", "49", 1L, new BigDecimal("0.2242")),
					org.assertj.core.groups.Tuple.tuple("ES", "34", 1L, new BigDecimal("0.1786")),
					org.assertj.core.groups.Tuple.tuple("US", "1", 2L, new BigDecimal("0.0332")));
		// 0.2242 + 0.1786 + 0.0332
		assertThat(estimate.total()).isEqualByComparingTo("0.44");
	}

	@Test
	void tenantPricesOverrideThePlatformsForThatTenantOnly() {
		Actor bAdmin = this.two.b().admin(this.accounts);
		String tag = ContactFixtures.token();
		Criterion audience = Condition.of("tags", "any", tag);
		this.contacts.create(bAdmin, ContactFixtures.person().phone(ContactFixtures.esMobile()).tag(tag).build());
		this.contacts.create(this.admin, ContactFixtures.person().phone(ContactFixtures.esMobile()).tag(tag).build());

		SmsPrice set = this.pricing.setPrice(bAdmin, "es", new BigDecimal("0.05"));

		assertThat(set.price()).isEqualByComparingTo("0.05");
		assertThat(set.platformPrice()).isEqualByComparingTo("0.0893");
		assertThat(this.pricing.estimate(bAdmin, audience, 3).countries().get(0).cost()).isEqualByComparingTo("0.15");
		assertThat(this.pricing.estimate(this.admin, audience, 3).countries().get(0).cost())
			.as("tenant A still pays the platform price")
			.isEqualByComparingTo("0.2679");
		assertThat(this.pricing.prices(this.admin)).filteredOn((price) -> price.country().equals("ES"))
			.extracting(SmsPrice::tenantPrice)
			.containsOnlyNulls();

		this.pricing.removePrice(bAdmin, "ES");
		assertThat(this.pricing.estimate(bAdmin, audience, 3).countries().get(0).cost()).isEqualByComparingTo("0.2679");
		List<String> actions = this.transactions.readAsPlatform(() -> this.jdbc
			.sql("SELECT action FROM audit_events WHERE tenant_id = ? AND target_type = 'sms_price' ORDER BY seq")
			.param(this.two.b().id().value())
			.query(String.class)
			.list());
		assertThat(actions).containsExactly("pricing.sms_price_set", "pricing.sms_price_removed");
	}

	@Test
	void otherCountriesUseTheFallbackPriceAndNewCountriesCanBePriced() {
		Actor bAdmin = this.two.b().admin(this.accounts);
		String tag = ContactFixtures.token();
		// a Japanese mobile: Japan has no platform price
		this.contacts.create(bAdmin, ContactFixtures.person().phone("+819012345678").tag(tag).build());
		Criterion audience = Condition.of("tags", "any", tag);

		assertThat(this.pricing.estimate(bAdmin, audience, 1).total()).isEqualByComparingTo("0.10");
		this.pricing.setPrice(bAdmin, "JP", new BigDecimal("0.07"));
		CostEstimate priced = this.pricing.estimate(bAdmin, audience, 1);
		assertThat(priced.countries()).extracting(CountryCost::country).containsExactly("JP");
		assertThat(priced.countries().get(0).cost()).isEqualByComparingTo("0.07");
	}

	@Test
	void badPricesAndCountriesAreRefusedWithAReason() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.pricing.setPrice(this.admin, "CA", new BigDecimal("0.01")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors().get("country"))
				.isEqualTo("CA shares calling code +1 with US, so its numbers are priced as US: set the price for US"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.pricing.setPrice(this.admin, "XX", new BigDecimal("0.01")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("country"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.pricing.setPrice(this.admin, "US", new BigDecimal("-0.01")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("price"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.pricing.setPrice(this.admin, "US", new BigDecimal("0.000001")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors().get("price")).contains("decimal places"));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.pricing.removePrice(this.admin, "NZ"));
	}

	@Test
	void aTenantsOwnEmailPriceCostsItsEmailsOnlyUntilRemoved() {
		TwoTenants fresh = this.tenancy.twoTenants();
		Actor aAdmin = fresh.a().admin(this.accounts);
		Actor bAdmin = fresh.b().admin(this.accounts);

		assertThat(this.pricing.emailPrice(aAdmin).price()).as("herald.pricing.email-price")
			.isEqualByComparingTo("0.001");
		EmailPrice own = this.pricing.setEmailPrice(aAdmin, new BigDecimal("0.0025"));

		assertThat(own.price()).isEqualByComparingTo("0.0025");
		assertThat(own.platformPrice()).isEqualByComparingTo("0.001");
		assertThat(this.pricing.emailMicros(fresh.a().id())).isEqualTo(2500);
		assertThat(this.pricing.emailMicros(fresh.b().id())).as("the other tenant keeps Herald's").isEqualTo(1000);
		assertThat(this.pricing.emailPrice(bAdmin).tenantPrice()).isNull();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.pricing.setEmailPrice(aAdmin, new BigDecimal("-0.01")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("price"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.pricing.setEmailPrice(aAdmin, new BigDecimal("0.000001")));
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.pricing.setEmailPrice(fresh.a().manager(this.accounts), BigDecimal.ONE));

		assertThat(this.pricing.removeEmailPrice(aAdmin).price()).isEqualByComparingTo("0.001");
		assertThat(this.pricing.emailMicros(fresh.a().id())).isEqualTo(1000);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.pricing.removeEmailPrice(aAdmin));
	}

	@Test
	void storeManagersEstimateTheirStoresAndDoNotChangePrices() {
		Actor manager = this.two.a().manager(this.accounts);
		String tag = ContactFixtures.token();
		this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.two.a().storeOne().getId()).tag(tag).build());
		this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.two.a().storeTwo().getId()).tag(tag).build());

		assertThat(this.pricing.estimate(manager, Condition.of("tags", "any", tag), 1).recipients()).isEqualTo(1);
		assertThat(this.pricing.estimate(this.admin, Condition.of("tags", "any", tag), 1).recipients()).isEqualTo(2);
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.pricing.setPrice(manager, "US", BigDecimal.ONE));
	}

	@Test
	void estimateBySizeUsesTheTenantsDefaultPhoneCountry() {
		CostEstimate estimate = this.pricing.estimate(this.admin, 1000, 2);

		assertThat(estimate.recipients()).isEqualTo(1000);
		assertThat(estimate.countries()).extracting(CountryCost::country).containsExactly("US");
		assertThat(estimate.total()).isEqualByComparingTo("16.60");
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.pricing.estimate(this.admin, -1, 1));
	}

}
