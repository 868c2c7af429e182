package com.herald.consent;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.contact.Contact;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreferenceServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	PreferenceService preferences;

	@Autowired
	ContactService contacts;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	TwoTenants fixture;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.fixture.a().admin(this.accounts);
	}

	@Test
	void storesChoicesQuietHoursAndACapAndAuditsEach() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		this.preferences.setCategory(this.admin, contact.getId(), Channel.SMS, "promotional", false);
		this.preferences.setCategory(this.admin, contact.getId(), Channel.EMAIL, "promotional", true);
		this.preferences.setQuietHours(this.admin, contact.getId(), QuietHours.of("22:00", "07:00"));
		ContactPreferences stored = this.preferences.setFrequencyCap(this.admin, contact.getId(),
				new FrequencyCap(3, 7));

		assertThat(stored).isEqualTo(this.preferences.get(this.admin, contact.getId()));
		assertThat(stored.choice(Channel.SMS, "promotional")).contains(false);
		assertThat(stored.choice(Channel.EMAIL, "promotional")).contains(true);
		assertThat(stored.choice(Channel.PUSH, "promotional")).isEmpty();
		assertThat(stored.quietHours()).isEqualTo(QuietHours.of("22:00", "07:00"));
		assertThat(stored.frequencyCap()).isEqualTo(new FrequencyCap(3, 7));

		ContactPreferences cleared = this.preferences.setQuietHours(this.admin, contact.getId(), null);
		assertThat(cleared.quietHours()).isNull();
		assertThat(cleared.frequencyCap()).isEqualTo(new FrequencyCap(3, 7));

		List<String> actions = this.transactions.readInTenant(this.fixture.a().id(), () -> this.jdbc.queryForList("""
				SELECT action FROM audit_events WHERE tenant_id = ? AND target_id = ? ORDER BY seq
				""", String.class, this.fixture.a().id().value(), contact.getId().toString()));
		assertThat(actions).containsExactly("contact.created", "preference.updated", "preference.updated",
				"preference.updated", "preference.updated", "preference.updated");
	}

	@Test
	void refusesCategoriesTheTenantDoesNotUseAndBadValues() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		assertThatThrownBy(
				() -> this.preferences.setCategory(this.admin, contact.getId(), Channel.SMS, "birthday_club", true))
			.isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> new FrequencyCap(0, 7)).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> new FrequencyCap(3, 400)).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(
				() -> this.preferences.updateSettings(this.admin, new MessagingSettings(null, List.of("Not A Key"))))
			.isInstanceOf(InvalidInputException.class);
		assertThat(this.preferences.get(this.admin, contact.getId()).categories()).isEmpty();
	}

	@Test
	void keepsPreferencesWithinTheTenantAndTheManagersStores() {
		Contact elsewhere = this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.fixture.a().storeTwo().getId()).build());
		assertThatThrownBy(() -> this.preferences.setQuietHours(this.fixture.a().manager(this.accounts),
				elsewhere.getId(), QuietHours.of("22:00", "07:00")))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.preferences.updateSettings(this.fixture.a().manager(this.accounts),
				MessagingSettings.DEFAULTS))
			.isInstanceOf(PermissionDeniedException.class);
		Actor adminB = this.fixture.b().admin(this.accounts);
		assertThatThrownBy(() -> this.preferences.get(adminB, elsewhere.getId())).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(
				() -> this.preferences.setCategory(adminB, elsewhere.getId(), Channel.SMS, "promotional", false))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.preferences.get(this.admin, elsewhere.getId()).quietHours()).isNull();
	}

}
