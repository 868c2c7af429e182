package com.herald.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
class AuditExportIntegrationTests {

	private static final String AWKWARD_AGENT = "Agent \"quoted\", with comma\r\nand a second line; ünïcode ✓";

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	AuditService auditService;

	@Autowired
	AuditTrail auditTrail;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	UserAccountService accounts;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void writesCsvThatParsesBackToTheStoredEvents() throws IOException {
		TestChain chain = awkwardChain();
		String csv = export(chain.reader(), AuditFilter.all().withAction("contact."), AuditExportFormat.CSV);

		List<List<String>> records = Csv.parse(csv);
		assertThat(records.get(0)).containsExactly("seq", "id", "tenant_id", "occurred_at", "actor_type", "actor_id",
				"actor_label", "actor_role", "store_id", "action", "target_type", "target_id", "summary", "ip",
				"user_agent", "prev_hash", "hash");
		assertThat(records).hasSize(4).allSatisfy((record) -> assertThat(record).hasSize(17));
		for (List<String> record : records.subList(1, 4)) {
			AuditEvent stored = this.auditService.get(chain.reader(), Long.parseLong(record.get(0)));
			assertThat(record.get(1)).isEqualTo(stored.id().toString());
			assertThat(record.get(2)).isEqualTo(chain.tenant().toString());
			assertThat(record.get(3)).isEqualTo(stored.occurredAt().toString());
			assertThat(record.get(6)).isEqualTo(stored.actorLabel());
			assertThat(record.get(9)).isEqualTo(stored.action());
			assertThat(record.get(12)).isEqualTo((stored.summary() != null) ? stored.summary() : "");
			assertThat(record.get(14)).isEqualTo(stored.userAgent());
			assertThat(record.get(15)).isEqualTo((stored.prevHash() != null) ? stored.prevHash() : "");
			assertThat(record.get(16)).isEqualTo(stored.hash()).hasSize(64);
		}
		// oldest first, and the awkward values came back exactly
		assertThat(records.subList(1, 4)).extracting((record) -> record.get(0)).containsExactly("1", "2", "3");
		assertThat(records.get(2).get(14)).isEqualTo(AWKWARD_AGENT);
		assertThat(records.get(2).get(6)).isEqualTo("o'brien, \"the boss\"@example.test");
		assertThat(this.json.readTree(records.get(2).get(12)).path("after").path("note").asString())
			.isEqualTo("line one\nline two, \"quoted\"");
		assertThat(records.get(1).get(15)).isEmpty();
		assertThat(records.get(2).get(15)).isEqualTo(records.get(1).get(16));
	}

	@Test
	void writesOneJsonObjectPerLine() throws IOException {
		TestChain chain = awkwardChain();
		String jsonl = export(chain.reader(), AuditFilter.all().withAction("contact."), AuditExportFormat.JSONL);

		assertThat(jsonl).endsWith("\n");
		List<String> lines = jsonl.lines().toList();
		assertThat(lines).hasSize(3);
		JsonNode second = this.json.readTree(lines.get(1));
		AuditEvent stored = this.auditService.get(chain.reader(), 2);
		assertThat(second.path("seq").asLong()).isEqualTo(2);
		assertThat(second.path("tenant_id").asString()).isEqualTo(chain.tenant().toString());
		assertThat(second.path("user_agent").asString()).isEqualTo(AWKWARD_AGENT);
		assertThat(second.path("summary").isObject()).isTrue();
		assertThat(second.path("summary").path("before").path("note").asString()).isEqualTo("old");
		assertThat(second.path("summary").path("after").path("note").asString())
			.isEqualTo("line one\nline two, \"quoted\"");
		assertThat(second.path("hash").asString()).isEqualTo(stored.hash());
		assertThat(second.path("prev_hash").asString()).isEqualTo(this.auditService.get(chain.reader(), 1).hash());
		JsonNode first = this.json.readTree(lines.get(0));
		assertThat(first.path("prev_hash").isNull()).isTrue();
		assertThat(first.path("summary").isNull()).isTrue();
		assertThat(first.path("store_id").isNull()).isTrue();
	}

	@Test
	void recordsTheExportWithItsFilterBeforeStreaming() throws IOException {
		TestChain chain = awkwardChain();
		String csv = export(chain.reader(), AuditFilter.all().withActor("brien").withAction("contact."),
				AuditExportFormat.CSV);
		assertThat(Csv.parse(csv)).hasSize(2);

		AuditPage exported = this.auditService.search(chain.reader(), AuditFilter.all().withAction("audit.exported"),
				null, 10);
		assertThat(exported.events()).singleElement().satisfies((event) -> {
			assertThat(event.actorLabel()).isEqualTo("reader@example.test");
			assertThat(event.actorRole()).isEqualTo("COMPLIANCE_OFFICER");
			JsonNode after = this.json.readTree(event.summary()).path("after");
			assertThat(after.path("format").asString()).isEqualTo("csv");
			assertThat(after.path("filter").path("actor").asString()).isEqualTo("brien");
			assertThat(after.path("filter").path("action").asString()).isEqualTo("contact.");
		});
		// an unfiltered export includes its own record, written before the rows were read
		String all = export(chain.reader(), AuditFilter.all(), AuditExportFormat.JSONL);
		assertThat(all.lines()).hasSize(5).last().asString().contains("\"audit.exported\"");
	}

	@Test
	void exportsNothingOfAnotherTenant() throws IOException {
		TwoTenants fixture = this.tenancy.twoTenants();
		Actor adminA = fixture.a().admin(this.accounts);
		this.transactions.runInTenant(fixture.a().id(), () -> this.auditTrail.record(adminA, "contact.created",
				AuditTrail.Target.of("contact", "secret-of-a"), null, Map.of("email", "ada@a.test")));

		String csvB = export(fixture.b().compliance(this.accounts), AuditFilter.all(), AuditExportFormat.CSV);
		String jsonlB = export(fixture.b().compliance(this.accounts), AuditFilter.all(), AuditExportFormat.JSONL);
		String csvA = export(fixture.a().compliance(this.accounts), AuditFilter.all(), AuditExportFormat.CSV);

		assertThat(csvA).contains("secret-of-a").contains(fixture.a().id().toString());
		List<List<String>> recordsB = Csv.parse(csvB);
		assertThat(recordsB).hasSizeGreaterThan(2);
		assertThat(recordsB.subList(1, recordsB.size()))
			.allSatisfy((record) -> assertThat(record.get(2)).isEqualTo(fixture.b().id().toString()));
		for (String export : List.of(csvB, jsonlB)) {
			assertThat(export).doesNotContain("secret-of-a")
				.doesNotContain("ada@a.test")
				.doesNotContain(fixture.a().id().toString())
				.doesNotContain(fixture.a().adminEmail());
		}
	}

	@Test
	void reportsAFailingOutputStream() {
		TestChain chain = awkwardChain();
		OutputStream broken = new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				throw new IOException("client went away");
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				throw new IOException("client went away");
			}
		};
		assertThatThrownBy(
				() -> this.auditService.export(chain.reader(), AuditFilter.all(), AuditExportFormat.CSV, broken))
			.isInstanceOf(IOException.class)
			.hasMessage("client went away");
	}

	/**
	 * Three events whose values exercise quoting: commas, quotes, CR LF, non-ASCII, JSON
	 * with line breaks.
	 */
	private TestChain awkwardChain() {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		chain.record("contact.imported", AuditTrail.Target.of("contact", "c-1"));
		Actor awkward = new Actor(Actor.Type.USER, "u-2", "o'brien, \"the boss\"@example.test", chain.tenant(),
				com.herald.tenancy.Role.TENANT_ADMIN, java.util.Set.of(), "198.51.100.2", AWKWARD_AGENT);
		chain.record(awkward, "contact.updated", AuditTrail.Target.of("contact", "c-1"), Map.of("note", "old"),
				Map.of("note", "line one\nline two, \"quoted\""));
		chain.record("contact.deleted", AuditTrail.Target.of("contact", "c-1"));
		return chain;
	}

	private String export(Actor actor, AuditFilter filter, AuditExportFormat format) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		long written = this.auditService.export(actor, filter, format, out);
		String text = out.toString(StandardCharsets.UTF_8);
		assertThat(written)
			.isEqualTo((format == AuditExportFormat.CSV) ? Csv.parse(text).size() - 1 : text.lines().count());
		return text;
	}

}
