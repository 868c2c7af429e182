package com.herald.template;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.consent.MessagingSettings;
import com.herald.consent.PreferenceService;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TemplateService templates;

	@Autowired
	ContactService contacts;

	@Autowired
	PreferenceService preferences;

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
	void createsListsChangesAndDeletesWithAudit() {
		String name = "Welcome " + ContactFixtures.token();
		MessageTemplate created = this.templates.create(this.admin, new TemplateDraft(name, "sms", "promotional", null,
				"Hi {{ contact.first_name | default: \"there\" }}! {{ opt_out }}"));
		assertThat(this.templates.get(this.admin, created.id()).body()).contains("contact.first_name");
		assertThat(this.templates.list(this.admin, PageRequest.of(0, 100)).getContent()).extracting(MessageTemplate::id)
			.contains(created.id());

		MessageTemplate changed = this.templates.update(this.admin, created.id(), new TemplateDraft(name + " v2", "sms",
				"transactional", null, "Your order is ready at {{ store.name }}"));
		assertThat(changed.category()).isEqualTo("transactional");
		assertThat(changed.name()).isEqualTo(name + " v2");

		this.templates.delete(this.admin, created.id());
		assertThatThrownBy(() -> this.templates.get(this.admin, created.id())).isInstanceOf(NotFoundException.class);
		List<String> actions = this.transactions
			.readAsPlatform(() -> this.jdbc.sql("SELECT action FROM audit_events WHERE target_id = ? ORDER BY seq")
				.param(created.id().toString())
				.query(String.class)
				.list());
		assertThat(actions).containsExactly("template.created", "template.updated", "template.deleted");
	}

	@Test
	void unknownVariableIsReportedWithTheClosestNameAndNothingIsSaved() {
		String name = "Typo " + ContactFixtures.token();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.templates.create(this.admin,
					new TemplateDraft(name, "sms", "promotional", null, "Hi {{ contact.frist_name }}")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors().get("body"))
				.isEqualTo("Unknown variable {{ contact.frist_name }}: did you mean {{ contact.first_name }}?"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.templates.create(this.admin,
					new TemplateDraft(name, "sms", "promotional", null, "Hi {{ shop.name }}")))
			.satisfies(
					(ex) -> assertThat(ex.getFieldErrors().get("body")).startsWith("Unknown variable {{ shop.name }}"));
		assertThat(this.templates.list(this.admin, PageRequest.of(0, 100)).getContent())
			.extracting(MessageTemplate::name)
			.doesNotContain(name);
	}

	@Test
	void syntaxErrorNamesLineAndColumn() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.templates.check(this.admin,
					new TemplateDraft("Broken", "sms", "promotional", null, "Hi\n{% if contact.first_name %}no end")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors().get("body")).startsWith("Syntax error at line "));
	}

	@Test
	void anyAttributeKeyIsAllowedAndEveryFieldIsChecked() {
		this.templates.check(this.admin, new TemplateDraft("Attr", "sms", "promotional", null,
				"{{ contact.attributes.lead_status | default: \"new\" }} {{ store.city }}"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.templates.check(this.admin, new TemplateDraft("", "pigeon", "gossip", null, " ")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsOnlyKeys("name", "channel", "category", "body"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.templates.check(this.admin,
					new TemplateDraft("Mail", "email", "promotional", " ", null, null, "<p>Hello</p>")))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsOnlyKeys("subject"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.templates.check(this.admin,
					new TemplateDraft("Long", "sms", "promotional", null,
							"a".repeat(TemplateService.MAX_SMS_BODY + 1))))
			.satisfies((ex) -> assertThat(ex.getFieldErrors().get("body")).contains("1600"));
	}

	@Test
	void tenantCategoriesAreAccepted() {
		Actor bAdmin = this.two.b().admin(this.accounts);
		this.preferences.updateSettings(bAdmin,
				new MessagingSettings(MessagingSettings.DEFAULTS.promotionalSmsQuietHours(), List.of("reminders")));
		MessageTemplate reminder = this.templates.create(bAdmin,
				new TemplateDraft("Reminder " + ContactFixtures.token(), "sms", "reminders", null, "See you tomorrow"));
		assertThat(reminder.category()).isEqualTo("reminders");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.templates.create(this.admin,
				new TemplateDraft("Reminder " + ContactFixtures.token(), "sms", "reminders", null, "See you")));
	}

	@Test
	void duplicateNamesAreRefused() {
		String name = "Twin " + ContactFixtures.token();
		this.templates.create(this.admin, new TemplateDraft(name, "sms", "promotional", null, "One"));
		assertThatExceptionOfType(DuplicateException.class).isThrownBy(() -> this.templates.create(this.admin,
				new TemplateDraft(name.toUpperCase(), "sms", "promotional", null, "Two")));
	}

	@Test
	void previewRendersForARealContactWithStoreAndAttributes() {
		Contact ana = this.contacts.create(this.admin,
				ContactFixtures.person()
					.firstName("Ana")
					.storeId(this.two.a().storeOne().getId())
					.attribute("market", "Austin")
					.build());
		Contact nameless = this.contacts.create(this.admin,
				ContactFixtures.person().firstName(null).storeId(this.two.a().storeOne().getId()).build());
		MessageTemplate template = this.templates.create(this.admin,
				new TemplateDraft("Preview " + ContactFixtures.token(), "sms", "promotional", null,
						"Hi {{ contact.first_name | default: \"there\" }} from {{ store.name }}"
								+ " in {{ contact.attributes.market | default: \"town\" }}. {{ opt_out }}"));

		TemplatePreview forAna = this.templates.preview(this.admin, template.id(), ana.getId());
		TemplatePreview forNameless = this.templates.preview(this.admin, template.id(), nameless.getId());

		String store = this.two.a().storeOne().getName();
		assertThat(forAna.body()).isEqualTo("Hi Ana from " + store + " in Austin. Reply STOP to opt out.");
		assertThat(forNameless.body()).isEqualTo("Hi there from " + store + " in town. Reply STOP to opt out.");
		assertThat(forAna.sms().encoding()).isEqualTo(SmsEncoding.GSM_7);
		assertThat(forAna.sms().units()).isEqualTo(forAna.body().length());
	}

	@Test
	void storeManagersPreviewOnlyTheirStoresContactsAndDoNotChangeTemplates() {
		Actor manager = this.two.a().manager(this.accounts);
		Contact mine = this.contacts.create(this.admin,
				ContactFixtures.person().firstName("Mine").storeId(this.two.a().storeOne().getId()).build());
		Contact other = this.contacts.create(this.admin,
				ContactFixtures.person().firstName("Other").storeId(this.two.a().storeTwo().getId()).build());
		MessageTemplate template = this.templates.create(this.admin, new TemplateDraft(
				"Managers " + ContactFixtures.token(), "sms", "promotional", null, "Hi {{ contact.first_name }}"));

		assertThat(this.templates.preview(manager, template.id(), mine.getId()).body()).isEqualTo("Hi Mine");
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.templates.preview(manager, template.id(), other.getId()));
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> this.templates.create(manager,
				new TemplateDraft("Mine " + ContactFixtures.token(), "sms", "promotional", null, "Hi")));
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.templates.delete(manager, template.id()));
	}

	@Test
	void anotherTenantsTemplatesAndContactsDoNotExist() {
		Actor bAdmin = this.two.b().admin(this.accounts);
		MessageTemplate aTemplate = this.templates.create(this.admin,
				new TemplateDraft("Secret " + ContactFixtures.token(), "sms", "promotional", null, "A's secret offer"));
		Contact aContact = this.contacts.create(this.admin, ContactFixtures.person().build());
		MessageTemplate bTemplate = this.templates.create(bAdmin, new TemplateDraft("B " + ContactFixtures.token(),
				"sms", "promotional", null, "Hi {{ contact.first_name }}"));

		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.templates.get(bAdmin, aTemplate.id()));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.templates.update(bAdmin,
				aTemplate.id(), new TemplateDraft("Evil", "sms", "promotional", null, "Evil")));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.templates.delete(bAdmin, aTemplate.id()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.templates.preview(bAdmin, bTemplate.id(), aContact.getId()));
		assertThat(this.templates.list(bAdmin, PageRequest.of(0, 100)).getContent()).extracting(MessageTemplate::id)
			.doesNotContain(aTemplate.id());
		assertThat(this.templates.get(this.admin, aTemplate.id()).body()).isEqualTo("A's secret offer");
		// row-level security alone hides A's row from a transaction bound to B
		long seenByB = this.transactions.readInTenant(this.two.b().id(),
				() -> this.jdbc.sql("SELECT count(*) FROM message_templates WHERE id = ?")
					.param(aTemplate.id())
					.query(Long.class)
					.single());
		assertThat(seenByB).isZero();
	}

	@Test
	void missingTemplateIsNotFound() {
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.templates.get(this.admin, UUID.randomUUID()));
	}

}
