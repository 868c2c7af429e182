package com.herald.imports;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.consent.Channel;
import com.herald.consent.ConsentRecord;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactQuery;
import com.herald.contact.ContactService;
import com.herald.contact.ContactSummary;
import com.herald.csv.CsvReader;
import com.herald.csv.CsvRecord;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CSV imports through the real services and worker code on a real PostgreSQL: mapping,
 * rejects with their reasons, duplicates policies, consent records, a crashed worker
 * replaced without losing or doubling a row, and tenant and store isolation. The core
 * context runs no background worker, so each test drives {@link ImportRunner} itself.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactImportIntegrationTests {

	private static final String WORDING = "in-store sign-up form, 2025";

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactImportService imports;

	@Autowired
	ImportRunner runner;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consents;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SuppressionService suppressions;

	TwoTenants two;

	Actor admin;

	@BeforeAll
	void tenants() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
	}

	@Test
	void mapsColumnsToFieldsAndTypedAttributesAndRejectsBadRowsWithTheirReason() {
		String token = ContactFixtures.token();
		String good = ContactFixtures.usPhone();
		String csv = "Email;Mobile;First name;Last name;Spent;Member since;VIP;Tags;Ignored\n" + "Ann." + token
				+ "@Example.test;" + ContactFixtures.national(good) + ";Ann;" + token
				+ ";12.50;2024-05-01;yes;vip, Newsletter;x\n" + "bob." + token + "@example.test;12345;Bob;" + token
				+ ";1;;;;\n" + "not-an-email;;Cy;" + token + ";;;;;\n" + ";;Nobody;" + token + ";3;;;;\n" + "dee."
				+ token + "@example.test;;Dee;" + token + ";lots;;;;\n" + "\n" + "\"eve." + token
				+ "@example.test\"x;;Eve;" + token + ";;;;;\n";
		StoreId store = this.two.a().storeOne().getId();
		ContactImport uploaded = upload(this.admin, store, csv);

		assertThat(uploaded.status()).isEqualTo(ImportStatus.UPLOADED);
		assertThat(uploaded.header()).containsExactly("Email", "Mobile", "First name", "Last name", "Spent",
				"Member since", "VIP", "Tags", "Ignored");
		assertThat(uploaded.totalRows()).isEqualTo(6);
		assertThat(uploaded.preview()).hasSize(5);
		assertThat(uploaded.preview().get(0).get(2)).isEqualTo("Ann");

		ImportPlan plan = new ImportPlan(
				List.of(ColumnMapping.field(0, ImportField.EMAIL), ColumnMapping.field(1, ImportField.PHONE),
						ColumnMapping.field(2, ImportField.FIRST_NAME), ColumnMapping.field(3, ImportField.LAST_NAME),
						ColumnMapping.attribute(4, "total_spent", AttributeType.NUMBER),
						ColumnMapping.attribute(5, "member_since", AttributeType.DATE),
						ColumnMapping.attribute(6, "vip", AttributeType.BOOLEAN),
						ColumnMapping.field(7, ImportField.TAGS)),
				DuplicatePolicy.SKIP, WORDING, EnumSet.of(Channel.SMS, Channel.EMAIL));
		ContactImport done = runToEnd(this.imports.start(this.admin, uploaded.id(), plan));

		assertThat(done.status()).isEqualTo(ImportStatus.COMPLETED);
		assertThat(done.createdCount()).isEqualTo(1);
		assertThat(done.failedCount()).isEqualTo(5);
		assertThat(done.percent()).isEqualTo(100);

		List<ContactSummary> imported = byLastName(token);
		assertThat(imported).hasSize(1);
		Contact ann = this.contacts.get(this.admin, imported.get(0).id());
		assertThat(ann.getEmail()).isEqualTo("ann." + token + "@example.test");
		assertThat(ann.getPhone()).isEqualTo(good);
		assertThat(ann.getStoreId()).isEqualTo(store);
		assertThat(ann.getTimezone()).hasToString("America/New_York");
		assertThat(ann.getTags()).containsExactlyInAnyOrder("vip", "newsletter");
		assertThat(ann.getAttributes()).containsEntry("member_since", "2024-05-01")
			.containsEntry("vip", true)
			.containsKey("total_spent")
			.doesNotContainKey("ignored");
		assertThat(((Number) ann.getAttributes().get("total_spent")).doubleValue()).isEqualTo(12.5);

		List<ConsentRecord> history = this.consents.history(this.admin, ann.getId());
		assertThat(history).extracting(ConsentRecord::channel).containsExactlyInAnyOrder(Channel.SMS, Channel.EMAIL);
		assertThat(history).allSatisfy((record) -> {
			assertThat(record.source()).isEqualTo(ConsentSource.IMPORT);
			assertThat(record.status()).isEqualTo(ConsentStatus.OPTED_IN);
			assertThat(record.wording()).isEqualTo(WORDING);
		});
		assertThat(this.consents.status(this.admin, ann.getId())).containsEntry(Channel.SMS, ConsentStatus.OPTED_IN)
			.containsEntry(Channel.EMAIL, ConsentStatus.OPTED_IN)
			.containsEntry(Channel.WHATSAPP, ConsentStatus.UNKNOWN);

		List<List<String>> rejects = rejects(this.admin, done.id());
		assertThat(rejects.get(0)).startsWith("line", "reason", "Email", "Mobile");
		assertThat(rejects.subList(1, rejects.size())).extracting((row) -> row.get(0) + " " + row.get(1))
			.containsExactly("3 bad phone: Enter a valid phone number, like +1 201 555 0123",
					"4 bad email: Enter a valid email address, like name@example.com",
					"5 missing identifier: give an external id, email or phone", "6 bad total_spent: not a number",
					"8 malformed record: text follows a closing quote in field 1");
		assertThat(rejects.get(1).get(3)).isEqualTo("12345");
	}

	@Test
	void skipsOrUpdatesExistingContactsAsChosenAndTreatsRepeatsInTheFileAlike() {
		String token = ContactFixtures.token();
		String email = "kim." + token + "@example.test";
		Contact existing = this.contacts.create(this.admin,
				ContactDraft.builder()
					.email(email)
					.firstName("Kim")
					.lastName(token)
					.attribute("market", "north")
					.tag("old")
					.build());
		String csv = "email,first_name,lead_status,tags\n" + email + ",Kimberly,hot,new\n" + "lee." + token
				+ "@example.test,Lee,cold,\n" + "LEE." + token + "@example.test,Leo,warm,\n";
		List<ColumnMapping> columns = List.of(ColumnMapping.field(0, ImportField.EMAIL),
				ColumnMapping.field(1, ImportField.FIRST_NAME),
				ColumnMapping.attribute(2, "lead_status", AttributeType.TEXT),
				ColumnMapping.field(3, ImportField.TAGS));

		ContactImport skip = runToEnd(this.imports.start(this.admin, upload(this.admin, null, csv).id(),
				new ImportPlan(columns, DuplicatePolicy.SKIP, null, Set.of())));

		assertThat(List.of(skip.createdCount(), skip.updatedCount(), skip.skippedCount(), skip.failedCount()))
			.containsExactly(1L, 0L, 2L, 0L);
		Contact kim = this.contacts.get(this.admin, existing.getId());
		assertThat(kim.getFirstName()).isEqualTo("Kim");
		assertThat(kim.getAttributes()).doesNotContainKey("lead_status");
		assertThat(byLastName(token)).hasSize(1);
		assertThat(this.consents.history(this.admin, existing.getId())).isEmpty();

		ContactImport update = runToEnd(this.imports.start(this.admin, upload(this.admin, null, csv).id(),
				new ImportPlan(columns, DuplicatePolicy.UPDATE, WORDING, Set.of(Channel.EMAIL))));

		assertThat(List.of(update.createdCount(), update.updatedCount(), update.skippedCount(), update.failedCount()))
			.containsExactly(0L, 3L, 0L, 0L);
		kim = this.contacts.get(this.admin, existing.getId());
		assertThat(kim.getFirstName()).isEqualTo("Kimberly");
		assertThat(kim.getLastName()).isEqualTo(token);
		assertThat(kim.getAttributes()).containsEntry("market", "north").containsEntry("lead_status", "hot");
		assertThat(kim.getTags()).containsExactlyInAnyOrder("old", "new");
		assertThat(this.consents.history(this.admin, existing.getId())).singleElement()
			.satisfies((record) -> assertThat(record.wording()).isEqualTo(WORDING));
		Contact lee = this.contacts.get(this.admin,
				this.contacts.list(this.admin, ContactQuery.firstPage().withSearch("lee." + token))
					.items()
					.get(0)
					.id());
		// the later row of the same person wins, as it would have a moment later
		assertThat(lee.getFirstName()).isEqualTo("Leo");
		assertThat(lee.getAttributes()).containsEntry("lead_status", "warm");
	}

	@Test
	void aWorkerWhoseLeaseExpiredMidwayIsReplacedWithNothingLostOrDoubled() {
		String token = ContactFixtures.token();
		int rows = 12_000;
		StringBuilder csv = new StringBuilder("id,email,phone,last_name\n");
		for (int i = 0; i < rows; i++) {
			String phone = (i % 1000 == 7) ? "not a phone" : "+1 646 " + String.format("%07d", 2_000_000 + i);
			csv.append(token)
				.append('-')
				.append(i)
				.append(',')
				.append("p")
				.append(i)
				.append('.')
				.append(token)
				.append("@example.test,")
				.append(phone)
				.append(',')
				.append(token)
				.append('\n');
		}
		ContactImport started = this.imports
			.start(this.admin, upload(this.admin, null, csv.toString()).id(), new ImportPlan(
					List.of(ColumnMapping.field(0, ImportField.EXTERNAL_ID), ColumnMapping.field(1, ImportField.EMAIL),
							ColumnMapping.field(2, ImportField.PHONE), ColumnMapping.field(3, ImportField.LAST_NAME)),
					DuplicatePolicy.SKIP, WORDING, EnumSet.of(Channel.SMS, Channel.EMAIL)));

		ImportRunner.Claim first = this.runner.claim("worker-a").orElseThrow();
		assertThat(first.id()).isEqualTo(started.id());
		assertThat(this.runner.run(first, 1)).isEqualTo(ImportRunner.Outcome.PAUSED);
		ContactImport midway = this.imports.get(this.admin, started.id());
		assertThat(midway.status()).isEqualTo(ImportStatus.RUNNING);
		assertThat(midway.processedRows()).isEqualTo(5_000);
		assertThat(midway.percent()).isEqualTo(41);
		assertThat(this.runner.claim("worker-b")).as("the lease is still held").isEmpty();

		// worker-a has died: its lease runs out
		this.transactions.runInTenant(this.two.a().id(), () -> this.jdbc.update(
				"UPDATE contact_imports SET lease_expires_at = now() - interval '1 second' WHERE tenant_id = ? AND id = ?",
				this.two.a().id().value(), started.id().value()));
		ImportRunner.Claim second = this.runner.claim("worker-b").orElseThrow();
		assertThat(second.id()).isEqualTo(started.id());
		assertThat(this.runner.run(first, 1)).as("the old worker, back to life, applies nothing")
			.isEqualTo(ImportRunner.Outcome.LEASE_LOST);
		assertThat(this.runner.run(second)).isEqualTo(ImportRunner.Outcome.COMPLETED);

		ContactImport done = this.imports.get(this.admin, started.id());
		assertThat(done.status()).isEqualTo(ImportStatus.COMPLETED);
		assertThat(done.failedCount()).isEqualTo(12);
		assertThat(done.createdCount()).isEqualTo(rows - 12);
		assertThat(done.processedRows()).isEqualTo(rows);
		assertThat(count("SELECT count(*) FROM contacts WHERE tenant_id = ? AND last_name = ?", token))
			.isEqualTo(rows - 12);
		assertThat(
				count("SELECT count(DISTINCT external_id) FROM contacts WHERE tenant_id = ? AND last_name = ?", token))
			.isEqualTo(rows - 12);
		assertThat(
				count("""
						SELECT count(*) FROM consent_records r JOIN contacts c ON c.tenant_id = r.tenant_id AND c.id = r.contact_id
						WHERE r.tenant_id = ? AND c.last_name = ?""",
						token))
			.isEqualTo(2L * (rows - 12));
		assertThat(rejects(this.admin, started.id())).hasSize(1 + 12);
		assertThat(count("SELECT count(*) FROM contact_import_chunks WHERE tenant_id = ? AND import_id::text = ?",
				started.id().toString()))
			.as("the file is dropped once imported")
			.isZero();
	}

	@Test
	void chunksAppliedTwoAtATimeEndAsIfAppliedOneAfterTheOther() {
		String token = ContactFixtures.token();
		Contact existing = this.contacts.create(this.admin,
				ContactDraft.builder().email("old." + token + "@example.test").firstName("Old").build());
		// chunk 1 creates; chunk 2 names the same people again (it waits for chunk 1);
		// chunk 3 names a stored contact (it waits before writing); chunk 4 is new people
		// (applied while chunk 3 is)
		StringBuilder csv = new StringBuilder("email,first_name,last_name\n");
		for (String[] part : new String[][] { { "a", "One", "5000" }, { "a", "Two", "5000" }, { "b", "Three", "999" },
				{ "c", "Four", "1000" } }) {
			for (int i = 0; i < Integer.parseInt(part[2]); i++) {
				csv.append(part[0]).append(i).append('.').append(token).append("@example.test,");
				csv.append(part[1]).append(',').append(token).append('\n');
			}
			if (part[0].equals("b")) {
				csv.append(existing.getEmail()).append(",Three,").append(token).append('\n');
			}
		}
		ContactImport done = runToEnd(this.imports.start(this.admin, upload(this.admin, null, csv.toString()).id(),
				new ImportPlan(List.of(ColumnMapping.field(0, ImportField.EMAIL),
						ColumnMapping.field(1, ImportField.FIRST_NAME), ColumnMapping.field(2, ImportField.LAST_NAME)),
						DuplicatePolicy.UPDATE, WORDING, Set.of(Channel.EMAIL))));

		assertThat(List.of(done.createdCount(), done.updatedCount(), done.skippedCount(), done.failedCount(),
				done.processedRows()))
			.containsExactly(6999L, 5001L, 0L, 0L, 12000L);
		assertThat(count("SELECT count(*) FROM contacts WHERE tenant_id = ? AND last_name = ?", token)).isEqualTo(7000);
		assertThat(count("SELECT count(*) FROM contacts WHERE tenant_id = ? AND last_name = ? AND first_name = 'Two'",
				token))
			.as("the later row of each person wins")
			.isEqualTo(5000);
		assertThat(this.contacts.get(this.admin, existing.getId()).getFirstName()).isEqualTo("Three");
		assertThat(
				count("""
						SELECT count(*) FROM consent_records r JOIN contacts c ON c.tenant_id = r.tenant_id AND c.id = r.contact_id
						WHERE r.tenant_id = ? AND c.last_name = ?""",
						token))
			.isEqualTo(12000);
	}

	@Test
	void importedContactsAreReachableExactlyWhereTheirConsentAndSuppressionsSaySo() {
		String token = ContactFixtures.token();
		String suppressed = ContactFixtures.usPhone();
		String open = ContactFixtures.usPhone();
		this.suppressions.add(this.admin, Channel.SMS, suppressed, SuppressionReason.STOP, null);
		String csv = "email,phone\n" + "s." + token + "@example.test," + suppressed + "\n" + "o." + token
				+ "@example.test," + open + "\n" + "," + ContactFixtures.usPhone() + "\n";
		ImportPlan plan = new ImportPlan(
				List.of(ColumnMapping.field(0, ImportField.EMAIL), ColumnMapping.field(1, ImportField.PHONE)),
				DuplicatePolicy.SKIP, WORDING, EnumSet.of(Channel.SMS));

		runToEnd(this.imports.start(this.admin, upload(this.admin, null, csv).id(), plan));

		// what audiences count as reachable, and what the database itself derives from
		// consent, suppressions and preferences when it recomputes the flags
		List<String> flags = this.transactions.readInTenant(this.two.a().id(), () -> this.jdbc.query("""
				SELECT c.phone_e164, c.reachable_sms, c.reachable_whatsapp, c.reachable_email,
				       EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id
				                   AND cs.contact_id = c.id AND cs.channel = 'sms' AND cs.status = 'opted_in')
				       AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.tenant_id = c.tenant_id
				                   AND x.channel = 'sms' AND x.address = c.phone_e164) AS derived_sms
				FROM contacts c WHERE c.tenant_id = ? AND c.phone_e164 = ANY (?::text[]) ORDER BY c.email NULLS LAST
				""",
				(rs, row) -> rs.getString(1) + " sms=" + rs.getBoolean(2) + " whatsapp=" + rs.getBoolean(3) + " email="
						+ rs.getBoolean(4) + " derived sms=" + rs.getBoolean(5),
				this.two.a().id().value(), new String[] { suppressed, open }));
		assertThat(flags).containsExactly(open + " sms=true whatsapp=false email=false derived sms=true",
				suppressed + " sms=false whatsapp=false email=false derived sms=false");
	}

	@Test
	void importsStayWithinTheirTenantAndTheirStores() {
		String csv = "email\nsolo." + ContactFixtures.token() + "@example.test\n";
		ContactImport adminsOwn = upload(this.admin, null, csv);
		ContactImport storeTwo = upload(this.admin, this.two.a().storeTwo().getId(), csv);
		Actor manager = this.two.a().manager(this.accounts);
		ContactImport managers = upload(manager, this.two.a().storeOne().getId(), csv);
		Actor otherAdmin = this.two.b().admin(this.accounts);

		assertThatThrownBy(() -> this.imports.get(otherAdmin, adminsOwn.id())).isInstanceOf(NotFoundException.class);
		assertThat(this.imports.list(otherAdmin, 0, 100).items()).extracting(ContactImport::id)
			.doesNotContain(adminsOwn.id(), storeTwo.id(), managers.id());
		assertThatThrownBy(() -> this.imports.start(otherAdmin, adminsOwn.id(), emailOnly()))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.imports.writeRejects(otherAdmin, adminsOwn.id(), new StringWriter()))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> upload(otherAdmin, this.two.a().storeOne().getId(), csv))
			.isInstanceOf(InvalidInputException.class);

		assertThat(this.imports.list(manager, 0, 100).items()).extracting(ContactImport::id)
			.contains(managers.id())
			.doesNotContain(adminsOwn.id(), storeTwo.id());
		assertThatThrownBy(() -> this.imports.get(manager, storeTwo.id())).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> upload(manager, this.two.a().storeTwo().getId(), csv))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> upload(manager, null, csv)).isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> upload(this.two.a().compliance(this.accounts), null, csv))
			.isInstanceOf(PermissionDeniedException.class);
		assertThat(this.imports.list(this.admin, 0, 100).items()).extracting(ContactImport::id)
			.contains(adminsOwn.id(), storeTwo.id(), managers.id());
	}

	@Test
	void refusesPlansThatCannotWorkAndFilesWithoutRows() {
		ContactImport uploaded = upload(this.admin, null, "email,phone\na@b.test,\n");
		ImportPlan noIdentifier = new ImportPlan(List.of(ColumnMapping.attribute(0, "x", AttributeType.TEXT)),
				DuplicatePolicy.SKIP, null, Set.of(Channel.SMS));

		assertThatThrownBy(() -> this.imports.start(this.admin, uploaded.id(), noIdentifier)).isInstanceOfSatisfying(
				InvalidInputException.class,
				(ex) -> assertThat(ex.getFieldErrors()).containsKeys("columns", "consentWording"));
		assertThatThrownBy(() -> this.imports.start(this.admin, uploaded.id(),
				new ImportPlan(List.of(ColumnMapping.field(5, ImportField.EMAIL)), DuplicatePolicy.SKIP, null,
						Set.of())))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("columns[5]"));
		assertThatThrownBy(() -> upload(this.admin, null, "")).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("empty");
		assertThatThrownBy(() -> upload(this.admin, null, "email\n\n")).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("no rows");
		assertThat(this.imports.get(this.admin, uploaded.id()).status()).isEqualTo(ImportStatus.UPLOADED);
	}

	private ImportPlan emailOnly() {
		return new ImportPlan(List.of(ColumnMapping.field(0, ImportField.EMAIL)), DuplicatePolicy.SKIP, null, Set.of());
	}

	private ContactImport upload(Actor actor, StoreId store, String csv) {
		return this.imports.upload(actor, store, "people.csv",
				new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
	}

	private ContactImport runToEnd(ContactImport started) {
		ImportRunner.Claim claim;
		while ((claim = this.runner.claim("test-worker").orElse(null)) != null) {
			this.runner.run(claim);
		}
		return this.imports.get(this.admin, started.id());
	}

	private List<ContactSummary> byLastName(String token) {
		return this.contacts.list(this.admin, ContactQuery.firstPage().withSearch(token)).items();
	}

	private List<List<String>> rejects(Actor actor, ImportId id) {
		StringWriter out = new StringWriter();
		this.imports.writeRejects(actor, id, out);
		List<List<String>> rows = new ArrayList<>();
		try (CsvReader reader = new CsvReader(new StringReader(out.toString()))) {
			reader.forEachRemaining((CsvRecord record) -> rows.add(record.fields()));
		}
		return rows;
	}

	private long count(String sql, String value) {
		return this.transactions.readInTenant(this.two.a().id(),
				() -> this.jdbc.queryForObject(sql, Long.class, this.two.a().id().value(), value));
	}

}
