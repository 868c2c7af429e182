package com.herald.demo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Seeds a tenant with synthetic contacts that look like a salon chain's CRM export:
 * names, emails ({@code @example.com}), US phone numbers, the tenant's stores, attributes
 * (lead_source, market, product, lead_status, appointment_status, state, zip,
 * total_spent, last_purchase_at, visit_count, birthday), tags, and per channel a consent
 * status with its ledger record, some suppressions (STOP replies, bounces) and
 * preferences (quiet hours, frequency caps, promotional opt-outs). Distributions are
 * skewed the way real lists are (a few states and lead sources dominate, spend is
 * long-tailed).
 * <p>
 * Set-based: each batch of {@value #BATCH} contacts is one {@code INSERT … SELECT
 * generate_series} statement whose data-modifying CTEs also write that batch's consent,
 * suppressions and preferences, so the database does all the work and nothing travels row
 * by row. Each batch is its own transaction under the tenant's row-level security, and up
 * to {@link #PARALLELISM} batches run at once on separate connections (a batch's
 * statement uses one core; the triggers that keep reachable flags run inside it, and the
 * statement writes its contacts' audience facts itself, with the contacts trigger told to
 * skip it); one audit event at the end. A failed batch stops the run; the batches already
 * committed stay (the progress callback has counted them). Phone numbers are random
 * valid-looking US numbers: use generated contacts only with sandbox providers.
 */
@Service
public class ContactGenerator {

	/**
	 * Contacts per statement: large enough to amortise, small enough to report progress.
	 */
	static final int BATCH = 50_000;

	public static final int MAX_COUNT = 5_000_000;

	/** Batches written at once: one per core, at most four. */
	static final int PARALLELISM = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

	static final String ACTOR_LABEL = "contact generator";

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * One batch. {@code seed} draws every random number of a contact once (random() is
	 * volatile, so evaluated per row); {@code person} turns them into columns;
	 * {@code decided} draws each contact's consent, suppressions and promotional
	 * opt-outs, from which {@code reach} derives the reachable flags the contacts are
	 * written with (so the triggers that keep those flags find nothing to rewrite);
	 * {@code inserted} writes contacts (a clash with an existing email or phone skips
	 * that row); the rest hang consent, suppressions and preferences off the inserted
	 * rows. Data-modifying CTEs all run to completion, and the foreign keys are checked
	 * at the end of the statement, when the contacts exist.
	 */
	private static final String BATCH_SQL = """
			WITH seed AS (
			    -- time-ordered ids: each batch appends to the ends of the contact-keyed indexes (contacts,
			    -- contact_facts per fact, consent) instead of writing all over indexes larger than the cache
			    SELECT g, uuidv7() AS id,
			           random() AS r_first, random() AS r_last, random() AS r_email, random() AS r_phone,
			           random() AS r_locale, random() AS r_tz, random() AS r_store, random() AS r_state,
			           random() AS r_zip, random() AS r_source, random() AS r_product, random() AS r_status,
			           random() AS r_appointment, random() AS r_spent, random() AS r_purchase, random() AS r_visits,
			           random() AS r_birthday, random() AS r_created, random() AS r_updated,
			           random() AS t_vip, random() AS t_news, random() AS t_loyal, random() AS t_first,
			           random() AS t_lapsed, random() AS t_referral, random() AS t_bday, random() AS t_sms,
			           random() AS t_wholesale, random() AS t_event
			    FROM generate_series(:from, :to) AS g
			), person AS (
			    SELECT s.*,
			           (ARRAY['Ava','Liam','Olivia','Noah','Emma','Oliver','Sophia','Elijah','Isabella','James',
			                  'Mia','William','Amelia','Benjamin','Harper','Lucas','Evelyn','Henry','Abigail','Mateo',
			                  'Camila','Jack','Luna','Daniel','Sofia','Michael','Aria','Sebastian','Grace','Maria',
			                  'Jose','Chloe','Wei','Priya','Aisha','Kenji','Fatima','Diego','Nora','Omar'])
			               [1 + floor(s.r_first * 40)::int] AS first_name,
			           (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez',
			                  'Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore',
			                  'Jackson','Martin','Lee','Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez',
			                  'Lewis','Robinson','Walker','Young','Allen','King','Wright','Scott','Nguyen','Patel',
			                  'Kim','Chen'])[1 + floor(s.r_last * 40)::int] AS last_name,
			           -- a few states hold most contacts (squaring skews towards the front of the list)
			           (ARRAY['IL','CA','TX','NY','FL','OH','PA','GA','NC','MI','WI','IN','MO','AZ','WA'])
			               [1 + floor(s.r_state * s.r_state * 15)::int] AS state,
			           CASE WHEN s.r_spent < 0.7 THEN round((-ln(1 - s.r_spent / 0.7 * 0.999) * 160)::numeric, 2)
			           END AS total_spent
			    FROM seed s
			), contact_rows AS (
			    SELECT p.*,
			           CASE WHEN p.r_email < 0.92 THEN lower(p.first_name || '.' || p.last_name || '.' || :run || p.g)
			                                         || '@example.com' END AS email,
			           CASE WHEN p.r_phone < 0.88 THEN '+1' || (2000000000 + (:phoneBase + p.g) % 8000000000)::text
			           END AS phone_e164,
			           CASE WHEN p.state IN ('CA','WA') THEN 'America/Los_Angeles'
			                WHEN p.state = 'AZ' THEN 'America/Phoenix'
			                WHEN p.state IN ('IL','TX','WI','MO') THEN 'America/Chicago'
			                WHEN p.state = 'IN' THEN 'America/Indiana/Indianapolis'
			                ELSE 'America/New_York' END AS state_timezone,
			           now() - (p.r_created ^ 1.5) * interval '1095 days' AS created_at
			    FROM person p
			), channel_rows AS (
			    -- a consent decision per contact and channel that has an address; r decides the status
			    SELECT i.id AS contact_id, ch.channel, CASE WHEN ch.channel = 'email' THEN i.email ELSE i.phone_e164 END
			           AS address, uuidv7() AS record_id, random() AS r, random() AS r_suppress,
			           random() AS r_pref, i.created_at + random() * (now() - i.created_at) AS occurred_at
			    FROM contact_rows i
			    CROSS JOIN (VALUES ('sms'), ('whatsapp'), ('email')) AS ch (channel)
			    WHERE (CASE WHEN ch.channel = 'email' THEN i.email ELSE i.phone_e164 END) IS NOT NULL
			), decided AS (
			    SELECT c.*,
			           CASE c.channel
			               WHEN 'sms' THEN CASE WHEN c.r < 0.62 THEN 'opted_in' WHEN c.r < 0.70 THEN 'opted_out' END
			               WHEN 'email' THEN CASE WHEN c.r < 0.55 THEN 'opted_in' WHEN c.r < 0.61 THEN 'opted_out' END
			               ELSE CASE WHEN c.r < 0.18 THEN 'opted_in' WHEN c.r < 0.20 THEN 'opted_out' END
			           END AS status,
			           CASE WHEN c.r < 0.45 THEN 'import' WHEN c.r < 0.60 THEN 'form' ELSE 'api' END AS source,
			           -- half of the phones that opted out by keyword said STOP; about 1% of emails bounced
			           (c.channel = 'sms' AND c.r >= 0.62 AND c.r < 0.70 AND c.r_suppress < 0.5)
			               OR (c.channel = 'email' AND c.r_suppress < 0.01) AS suppressed,
			           c.channel IN ('sms', 'email') AND c.r_pref < 0.03 AS promotional_opt_out
			    FROM channel_rows c
			), reach AS (
			    -- the contacts' reachable flags, known before they are written (the triggers then find nothing to
			    -- change): opted in, not suppressed, not opted out of promotional messages
			    SELECT d.contact_id,
			           bool_or(d.channel = 'sms' AND d.status = 'opted_in' AND NOT d.suppressed
			                   AND NOT d.promotional_opt_out) AS sms,
			           bool_or(d.channel = 'whatsapp' AND d.status = 'opted_in' AND NOT d.suppressed
			                   AND NOT d.promotional_opt_out) AS whatsapp,
			           bool_or(d.channel = 'email' AND d.status = 'opted_in' AND NOT d.suppressed
			                   AND NOT d.promotional_opt_out) AS email
			    FROM decided d GROUP BY d.contact_id
			), inserted AS (
			    INSERT INTO contacts (tenant_id, id, external_id, first_name, last_name, email, phone_e164, locale,
			                          timezone, store_id, attributes, tags, created_at, updated_at, reachable_sms,
			                          reachable_whatsapp, reachable_email)
			    SELECT :tenant, r.id, 'gen-' || :run || '-' || r.g, r.first_name, r.last_name, r.email, r.phone_e164,
			           CASE WHEN r.r_locale < 0.86 THEN 'en-US' WHEN r.r_locale < 0.97 THEN 'es-US' ELSE 'fr-CA' END,
			           CASE WHEN r.r_tz < 0.9 THEN r.state_timezone END,
			           CASE WHEN r.r_store < 0.85 AND cardinality(CAST(:stores AS uuid[])) > 0
			                THEN (CAST(:stores AS uuid[]))[1 + floor(r.r_store / 0.85 * cardinality(CAST(:stores AS uuid[])))::int]
			           END,
			           jsonb_strip_nulls(jsonb_build_object(
			               'lead_source', CASE WHEN r.r_source < 0.32 THEN 'web' WHEN r.r_source < 0.52 THEN 'walk_in'
			                                   WHEN r.r_source < 0.67 THEN 'referral' WHEN r.r_source < 0.79 THEN 'facebook'
			                                   WHEN r.r_source < 0.89 THEN 'google' WHEN r.r_source < 0.96 THEN 'instagram'
			                                   ELSE 'event' END,
			               'market', CASE WHEN r.state IN ('CA','WA','AZ') THEN 'west'
			                              WHEN r.state IN ('TX','FL','GA','NC') THEN 'south'
			                              WHEN r.state IN ('NY','PA') THEN 'northeast' ELSE 'midwest' END,
			               'product', (ARRAY['haircut','color','styling','nails','spa','membership'])
			                              [1 + floor(r.r_product * r.r_product * 6)::int],
			               'lead_status', CASE WHEN r.r_status < 0.22 THEN 'new' WHEN r.r_status < 0.45 THEN 'contacted'
			                                   WHEN r.r_status < 0.62 THEN 'qualified' WHEN r.r_status < 0.95 THEN 'customer'
			                                   ELSE 'lost' END,
			               'appointment_status', CASE WHEN r.r_appointment < 0.55 THEN 'none'
			                                          WHEN r.r_appointment < 0.75 THEN 'completed'
			                                          WHEN r.r_appointment < 0.93 THEN 'booked' ELSE 'no_show' END,
			               'state', r.state,
			               'zip', lpad((CASE r.state WHEN 'IL' THEN 60000 WHEN 'CA' THEN 90000 WHEN 'TX' THEN 75000
			                                         WHEN 'NY' THEN 10000 WHEN 'FL' THEN 32000 WHEN 'OH' THEN 43000
			                                         WHEN 'PA' THEN 15000 WHEN 'GA' THEN 30000 WHEN 'NC' THEN 27000
			                                         WHEN 'MI' THEN 48000 WHEN 'WI' THEN 53000 WHEN 'IN' THEN 46000
			                                         WHEN 'MO' THEN 63000 WHEN 'AZ' THEN 85000 ELSE 98000 END
			                            + floor(r.r_zip * 2000)::int)::text, 5, '0'),
			               'total_spent', r.total_spent,
			               'last_purchase_at', CASE WHEN r.total_spent IS NOT NULL
			                   THEN to_char(current_date - floor(r.r_purchase * r.r_purchase * 730)::int, 'YYYY-MM-DD') END,
			               'visit_count', floor(-ln(1 - r.r_visits * 0.999) * 6)::int,
			               'birthday', CASE WHEN r.r_birthday < 0.8 THEN to_char(date '1950-01-01'
			                   + floor(r.r_birthday / 0.8 * 20000)::int, 'YYYY-MM-DD') END)),
			           array_remove(ARRAY[
			               CASE WHEN r.t_vip < 0.05 THEN 'vip' END, CASE WHEN r.t_news < 0.40 THEN 'newsletter' END,
			               CASE WHEN r.t_loyal < 0.25 THEN 'loyalty' END, CASE WHEN r.t_first < 0.15 THEN 'first_visit' END,
			               CASE WHEN r.t_lapsed < 0.12 THEN 'lapsed' END, CASE WHEN r.t_referral < 0.08 THEN 'referral' END,
			               CASE WHEN r.t_bday < 0.20 THEN 'birthday_club' END, CASE WHEN r.t_sms < 0.30 THEN 'sms_club' END,
			               CASE WHEN r.t_wholesale < 0.02 THEN 'wholesale' END,
			               CASE WHEN r.t_event < 0.10 THEN 'event_2026' END]::text[], NULL),
			           r.created_at, r.created_at + r.r_updated * (now() - r.created_at),
			           coalesce(rc.sms, false), coalesce(rc.whatsapp, false), coalesce(rc.email, false)
			    FROM contact_rows r LEFT JOIN reach rc ON rc.contact_id = r.id
			    ON CONFLICT DO NOTHING
			    RETURNING id, email, phone_e164, created_at, tags, attributes
			), facts AS (
			    -- what the contacts trigger would write (it skips this statement: herald.bulk_facts), from the rows
			    -- this statement wrote; generated tags are distinct, so no DISTINCT (a duplicate would fail the key)
			    INSERT INTO contact_facts (tenant_id, fact, contact_id)
			    SELECT :tenant, f.fact, i.id FROM inserted i CROSS JOIN LATERAL contact_facts_of(i.tags, i.attributes) AS f (fact)
			), written AS (
			    -- consent and the rest only for the contacts written (a clash skips a contact)
			    SELECT d.* FROM decided d WHERE d.contact_id IN (SELECT i.id FROM inserted i)
			), records AS (
			    INSERT INTO consent_records (tenant_id, id, contact_id, channel, status, source, occurred_at, wording,
			                                 actor_type, actor_label)
			    SELECT :tenant, d.record_id, d.contact_id, d.channel, d.status,
			           CASE WHEN d.status = 'opted_out' AND d.channel <> 'email' THEN 'keyword' ELSE d.source END,
			           d.occurred_at,
			           CASE WHEN d.status = 'opted_in' AND d.channel = 'email'
			                THEN 'Yes, email me news and offers. Unsubscribe any time.'
			                WHEN d.status = 'opted_in'
			                THEN 'Yes, text me offers. Msg & data rates may apply. Reply STOP to opt out.' END,
			           'SYSTEM', :actorLabel
			    FROM written d WHERE d.status IS NOT NULL
			    RETURNING 1
			), statuses AS (
			    INSERT INTO consent_status (tenant_id, contact_id, channel, status, source, occurred_at, record_id)
			    SELECT :tenant, d.contact_id, d.channel, d.status,
			           CASE WHEN d.status = 'opted_out' AND d.channel <> 'email' THEN 'keyword' ELSE d.source END,
			           d.occurred_at, d.record_id
			    FROM written d WHERE d.status IS NOT NULL
			    RETURNING 1
			), suppressed AS (
			    INSERT INTO suppressions (tenant_id, id, channel, address, reason, created_at, actor_label)
			    SELECT :tenant, gen_random_uuid(), d.channel, d.address,
			           CASE WHEN d.channel = 'email' THEN 'bounced' ELSE 'stop' END, d.occurred_at, :actorLabel
			    FROM written d WHERE d.suppressed
			    ON CONFLICT DO NOTHING
			    RETURNING 1
			), category_choices AS (
			    INSERT INTO contact_category_preferences (tenant_id, contact_id, channel, category, opted_in)
			    SELECT :tenant, d.contact_id, d.channel, 'promotional', false
			    FROM written d WHERE d.promotional_opt_out
			    RETURNING 1
			), quiet AS (
			    INSERT INTO contact_preferences (tenant_id, contact_id, quiet_start, quiet_end, frequency_cap_count,
			                                     frequency_cap_days)
			    SELECT :tenant, p.id, CASE WHEN p.q < 0.05 THEN time '21:30' END, CASE WHEN p.q < 0.05 THEN time '08:30' END,
			           CASE WHEN p.q >= 0.04 THEN 2 END, CASE WHEN p.q >= 0.04 THEN 7 END
			    FROM (SELECT i.id, random() AS q FROM inserted i) p WHERE p.q < 0.08
			    RETURNING 1
			)
			SELECT (SELECT count(*) FROM inserted) AS contacts, (SELECT count(*) FROM records) AS consent_records,
			       (SELECT count(*) FROM statuses) AS consent_statuses, (SELECT count(*) FROM suppressed) AS suppressions,
			       (SELECT count(*) FROM category_choices) + (SELECT count(*) FROM quiet) AS preferences
			""";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	ContactGenerator(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
	}

	/**
	 * Adds {@code count} synthetic contacts to the actor's tenant (tenant admins, super
	 * admins in a tenant, Herald itself).
	 * @param progress told the number of contacts written so far, after each batch
	 */
	public GeneratedContacts generate(Actor actor, int count, LongConsumer progress) {
		if (!(actor.type() == Actor.Type.SYSTEM || actor.hasRole(Role.TENANT_ADMIN) || actor.isSuperAdmin())) {
			throw new PermissionDeniedException("Only tenant admins may generate contacts");
		}
		if (count < 1 || count > MAX_COUNT) {
			throw new InvalidInputException("count", "Generate 1 to " + MAX_COUNT + " contacts");
		}
		TenantId tenant = actor.requireTenant();
		String run = HexFormat.of().formatHex(RANDOM.generateSeed(4));
		long phoneBase = Math.floorMod(RANDOM.nextLong(), 8_000_000_000L);
		String stores = "{" + this.transactions
			.readInTenant(tenant,
					() -> this.jdbc.sql("SELECT id FROM stores WHERE tenant_id = ? ORDER BY created_at, id")
						.param(tenant.value())
						.query(UUID.class)
						.list())
			.stream()
			.map(UUID::toString)
			.collect(Collectors.joining(",")) + "}";
		// inside a caller's transaction, stay in it (its uncommitted rows are invisible
		// to
		// other connections)
		int threads = TransactionSynchronizationManager.isActualTransactionActive() ? 1 : PARALLELISM;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<GeneratedContacts>> batches = new ArrayList<>();
			for (int from = 1; from <= count; from += BATCH) {
				int first = from;
				int last = Math.min(count, from + BATCH - 1);
				Callable<GeneratedContacts> batch = () -> this.transactions.inTenant(tenant,
						() -> batch(tenant, first, last, run, phoneBase, stores));
				batches.add((threads == 1) ? CompletableFuture.completedFuture(batch.call()) : pool.submit(batch));
			}
			GeneratedContacts total = GeneratedContacts.NONE;
			for (Future<GeneratedContacts> batch : batches) {
				total = total.plus(batch.get());
				progress.accept(total.contacts());
			}
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("requested", count);
			summary.put("contacts", total.contacts());
			summary.put("consentRecords", total.consentRecords());
			summary.put("suppressions", total.suppressions());
			summary.put("preferences", total.preferences());
			summary.put("run", run);
			this.transactions.runInTenant(tenant, () -> this.audit.record(actor, "contacts.generated",
					AuditTrail.Target.of("tenant", tenant.value()), null, summary));
			return total;
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while generating contacts", ex);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private GeneratedContacts batch(TenantId tenant, int from, int to, String run, long phoneBase, String stores) {
		// transaction-local, and switched off again right after the statement: a caller's
		// transaction may insert contacts of its own afterwards
		bulkFacts("on");
		GeneratedContacts written = this.jdbc.sql(BATCH_SQL)
			.param("tenant", tenant.value())
			.param("from", from)
			.param("to", to)
			.param("run", run)
			.param("phoneBase", phoneBase)
			.param("stores", stores)
			.param("actorLabel", ACTOR_LABEL)
			.query((rs, row) -> new GeneratedContacts(rs.getLong("contacts"), rs.getLong("consent_records"),
					rs.getLong("suppressions"), rs.getLong("preferences")))
			.single();
		bulkFacts("off");
		return written;
	}

	/**
	 * Whether the contacts trigger leaves the facts to this statement (see BATCH_SQL).
	 */
	private void bulkFacts(String value) {
		this.jdbc.sql("SELECT set_config('herald.bulk_facts', ?, true)").param(value).query(String.class).single();
	}

	/**
	 * What one run wrote.
	 *
	 * @param contacts contacts inserted (fewer than asked only if a generated email or
	 * phone clashed with an existing one)
	 * @param consentRecords ledger records, one per consent status
	 * @param suppressions suppressed addresses
	 * @param preferences quiet hours, frequency caps and promotional opt-outs
	 */
	public record GeneratedContacts(long contacts, long consentRecords, long suppressions, long preferences) {

		static final GeneratedContacts NONE = new GeneratedContacts(0, 0, 0, 0);

		GeneratedContacts plus(GeneratedContacts other) {
			return new GeneratedContacts(this.contacts + other.contacts, this.consentRecords + other.consentRecords,
					this.suppressions + other.suppressions, this.preferences + other.preferences);
		}

	}

}
