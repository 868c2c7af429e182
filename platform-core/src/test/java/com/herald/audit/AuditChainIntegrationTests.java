package com.herald.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.TenantTransactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
class AuditChainIntegrationTests {

	@Autowired
	AuditService auditService;

	@Autowired
	AuditTrail auditTrail;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Environment environment;

	@Test
	void passesAnIntactChainAndRecordsTheCheck() {
		TestChain chain = chainOf(30);
		ChainVerification result = this.auditService.verify(chain.reader());
		assertThat(result.intact()).isTrue();
		assertThat(result.firstBreak()).isNull();
		assertThat(result.eventsChecked()).isEqualTo(30);
		assertThat(result.lastSeq()).isEqualTo(30);
		assertThat(result.chain()).isEqualTo(chain.tenant().value());

		AuditEvent verified = this.auditService.get(chain.reader(), 31);
		assertThat(verified.action()).isEqualTo("audit.verified");
		JsonNode after = JsonMapper.builder().build().readTree(verified.summary()).path("after");
		assertThat(after.path("eventsChecked").asLong()).isEqualTo(30);
		assertThat(after.path("intact").asBoolean()).isTrue();
		// the record of the check extends the chain, which stays intact
		assertThat(this.auditService.verify(chain.reader()).eventsChecked()).isEqualTo(31);
	}

	@Test
	void passesAnEmptyChain() {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		ChainVerification result = this.auditService.verify(chain.reader());
		assertThat(result.intact()).isTrue();
		assertThat(result.eventsChecked()).isZero();
	}

	@Test
	void findsAnEventChangedInPlace() throws SQLException {
		TestChain chain = chainOf(10);
		asOwner(chain, "UPDATE audit_events SET summary = '{\"after\": {\"name\": \"forged\"}}' "
				+ "WHERE tenant_id = ? AND seq = 4");
		ChainVerification result = this.auditService.verify(chain.reader());
		assertThat(result.intact()).isFalse();
		assertThat(result.firstBreak())
			.isEqualTo(new ChainVerification.Break(4, ChainVerification.Reason.HASH_MISMATCH));
		assertThat(result.eventsChecked()).isEqualTo(4);
		assertThat(result.lastSeq()).isEqualTo(3);
	}

	@Test
	void findsAnEventChangedAndReHashed() throws SQLException {
		TestChain chain = chainOf(10);
		asOwner(chain, "UPDATE audit_events SET actor_label = 'someone-else@example.test' "
				+ "WHERE tenant_id = ? AND seq = 6");
		asOwner(chain, "UPDATE audit_events e SET hash = audit_event_hash(e) WHERE tenant_id = ? AND seq = 6");
		assertThat(this.auditService.verify(chain.reader()).firstBreak())
			.isEqualTo(new ChainVerification.Break(7, ChainVerification.Reason.PREV_HASH_MISMATCH));
	}

	@Test
	void findsARemovedEvent() throws SQLException {
		TestChain chain = chainOf(10);
		asOwner(chain, "DELETE FROM audit_events WHERE tenant_id = ? AND seq = 5");
		assertThat(this.auditService.verify(chain.reader()).firstBreak())
			.isEqualTo(new ChainVerification.Break(6, ChainVerification.Reason.SEQ_GAP));

		TestChain headless = chainOf(3);
		asOwner(headless, "DELETE FROM audit_events WHERE tenant_id = ? AND seq = 1");
		assertThat(this.auditService.verify(headless.reader()).firstBreak())
			.isEqualTo(new ChainVerification.Break(2, ChainVerification.Reason.SEQ_GAP));
	}

	@Test
	void reportsTheFirstOfSeveralBreaks() throws SQLException {
		TestChain chain = chainOf(12);
		asOwner(chain, "UPDATE audit_events SET action = 'store.deleted' WHERE tenant_id = ? AND seq = 9");
		asOwner(chain, "UPDATE audit_events SET ip = '192.0.2.66' WHERE tenant_id = ? AND seq = 3");
		asOwner(chain, "DELETE FROM audit_events WHERE tenant_id = ? AND seq = 11");
		ChainVerification result = this.auditService.verify(chain.reader());
		assertThat(result.firstBreak())
			.isEqualTo(new ChainVerification.Break(3, ChainVerification.Reason.HASH_MISMATCH));
		assertThat(result.eventsChecked()).isEqualTo(3);
	}

	@Test
	void refusesTheApplicationRoleAnyChange() {
		TestChain chain = chainOf(2);
		for (String sql : List.of("UPDATE audit_events SET action = 'x' WHERE tenant_id = ?",
				"DELETE FROM audit_events WHERE tenant_id = ?")) {
			assertThatThrownBy(() -> this.transactions.runInTenant(chain.tenant(),
					() -> this.jdbc.update(sql, chain.tenant().value())))
				.isInstanceOf(DataAccessException.class)
				.rootCause()
				.hasMessageContaining("permission denied for table audit_events");
		}
		assertThatThrownBy(
				() -> this.transactions.runInTenant(chain.tenant(), () -> this.jdbc.execute("TRUNCATE audit_events")))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("permission denied for table audit_events");
		assertThat(this.auditService.verify(chain.reader()).eventsChecked()).isEqualTo(2);
	}

	@Test
	void chainsConcurrentWritersWithoutGaps() throws Exception {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		int threads = 4;
		int perThread = 50;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> writers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				String writer = "w" + t;
				writers.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						chain.record(chain.actor(writer, writer + "@example.test"), "contact.created",
								AuditTrail.Target.of("contact", writer + "-" + i), null, Map.of("i", i));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : writers) {
				future.get();
			}
		}
		List<Long> seqs = this.auditService.search(chain.reader(), AuditFilter.all(), null, AuditService.MAX_LIMIT)
			.events()
			.stream()
			.map(AuditEvent::seq)
			.toList();
		assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).map((i) -> 201 - i).boxed().toList());
		ChainVerification result = this.auditService.verify(chain.reader());
		assertThat(result.intact()).isTrue();
		assertThat(result.eventsChecked()).isEqualTo(threads * perThread);
	}

	private TestChain chainOf(int events) {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		for (int i = 1; i <= events; i++) {
			chain.record(chain.actor("u-1", "ann@example.test"), "store.updated",
					AuditTrail.Target.of("store", "s" + i), Map.of("n", i - 1), Map.of("n", i));
		}
		return chain;
	}

	/**
	 * Tampers as the database owner would: the append-only trigger switched off, one
	 * statement on this test's own chain, the trigger back on, all in one transaction so
	 * no other session ever sees the table unguarded.
	 */
	private void asOwner(TestChain chain, String sql) throws SQLException {
		try (Connection owner = DriverManager.getConnection(this.environment.getRequiredProperty("spring.flyway.url"),
				this.environment.getRequiredProperty("spring.flyway.user"),
				this.environment.getRequiredProperty("spring.flyway.password"))) {
			owner.setAutoCommit(false);
			try (Statement statement = owner.createStatement()) {
				statement.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
			}
			try (PreparedStatement tamper = owner.prepareStatement(sql)) {
				tamper.setObject(1, chain.tenant().value());
				assertThat(tamper.executeUpdate()).isEqualTo(1);
			}
			try (Statement statement = owner.createStatement()) {
				statement.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only");
			}
			owner.commit();
		}
	}

}
