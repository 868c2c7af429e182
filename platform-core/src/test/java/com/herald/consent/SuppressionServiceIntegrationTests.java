package com.herald.consent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.contact.ContactFixtures;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuppressionServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	UserAccountService accounts;

	TwoTenants fixture;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.fixture.a().admin(this.accounts);
	}

	@Test
	void normalisesAddressesAndKeepsTheFirstEntry() {
		String phone = ContactFixtures.usPhone();
		Suppression first = this.suppressions.add(this.admin, Channel.SMS, ContactFixtures.national(phone),
				SuppressionReason.STOP, "Replied STOP");
		Suppression again = this.suppressions.add(this.admin, Channel.SMS, phone, SuppressionReason.MANUAL, null);
		assertThat(first.address()).isEqualTo(phone);
		assertThat(again).isEqualTo(first);
		assertThat(this.suppressions.isSuppressed(this.fixture.a().id(), Channel.SMS, phone)).isTrue();
		assertThat(this.suppressions.isSuppressed(this.fixture.a().id(), Channel.WHATSAPP, phone)).isFalse();

		String email = ContactFixtures.email();
		this.suppressions.add(this.admin, Channel.EMAIL, email.toUpperCase(), SuppressionReason.BOUNCED, null);
		assertThat(this.suppressions.find(this.fixture.a().id(), Channel.EMAIL, email))
			.hasValueSatisfying((found) -> assertThat(found.reason()).isEqualTo(SuppressionReason.BOUNCED));
		assertThat(this.suppressions.list(this.admin, Channel.EMAIL, 10)).extracting(Suppression::address)
			.contains(email)
			.doesNotContain(phone);
		assertThatThrownBy(
				() -> this.suppressions.add(this.admin, Channel.EMAIL, "not-an-email", SuppressionReason.MANUAL, null))
			.isInstanceOf(InvalidInputException.class);
	}

	@Test
	void keepsEachTenantsListApartAndLetsOnlyAdminsLiftAnEntry() {
		String phone = ContactFixtures.usPhone();
		this.suppressions.add(this.admin, Channel.SMS, phone, SuppressionReason.COMPLAINT, null);
		assertThat(this.suppressions.isSuppressed(this.fixture.b().id(), Channel.SMS, phone)).isFalse();
		assertThat(this.suppressions.remove(this.fixture.b().admin(this.accounts), Channel.SMS, phone)).isFalse();
		assertThatThrownBy(() -> this.suppressions.remove(this.fixture.a().manager(this.accounts), Channel.SMS, phone))
			.isInstanceOf(PermissionDeniedException.class);
		assertThat(this.suppressions.isSuppressed(this.fixture.a().id(), Channel.SMS, phone)).isTrue();
		assertThat(this.suppressions.remove(this.admin, Channel.SMS, phone)).isTrue();
		assertThat(this.suppressions.isSuppressed(this.fixture.a().id(), Channel.SMS, phone)).isFalse();
	}

}
