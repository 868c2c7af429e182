package com.herald.broadcast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.audience.AudienceService;
import com.herald.audience.CompiledAudience;
import com.herald.audience.Criterion;
import com.herald.audience.SegmentService;
import com.herald.consent.Channel;
import com.herald.consent.MessagingSettings;
import com.herald.consent.PreferenceService;
import com.herald.consent.QuietHours;
import com.herald.consent.Reachability;
import com.herald.contact.PhoneNumbers;
import com.herald.delivery.DeliveryQueue;
import com.herald.template.CompiledTemplate;
import com.herald.template.MessageRenderer;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Launches scheduled broadcasts: a db-scheduler one-time task per launch, so it runs once
 * across every Herald node and survives restarts. A launch snapshots the audience (every
 * matched contact, with the reason it is excluded, if it is) and materialises one
 * delivery per reachable recipient with {@code INSERT … SELECT}: nothing of the audience
 * passes through the JVM except the few contacts without a timezone, whose quiet hours
 * are checked in every zone their number may be in. Re-running a launch inserts nothing
 * twice (both inserts are idempotent on their keys).
 */
@Component
public class BroadcastLauncher {

	static final String TASK = "broadcast-launch";

	static final String SWEEP = "broadcast-launch-sweep";

	private static final Logger log = LoggerFactory.getLogger(BroadcastLauncher.class);

	private static final Duration EARLY_TOLERANCE = Duration.ofSeconds(2);

	private static final int MOVE_BATCH = 1000;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final AudienceService audiences;

	private final SegmentService segments;

	private final PreferenceService preferences;

	private final DeliveryQueue queue;

	private final MessageRenderer renderer;

	private final ObjectProvider<SchedulerClient> scheduler;

	private final Clock clock;

	final OneTimeTask<String> task = Tasks.oneTime(TASK, String.class).execute((instance, context) -> {
		String[] ids = instance.getData().split("/");
		launch(new TenantId(UUID.fromString(ids[0])), UUID.fromString(ids[1]));
	});

	/**
	 * The launch task is scheduled after the broadcast's commit, so a node that stops in
	 * between leaves a scheduled broadcast without its task; this puts such tasks back.
	 */
	final RecurringTask<Void> sweep = Tasks.recurring(SWEEP, FixedDelay.ofMinutes(1))
		.execute((instance, context) -> rescheduleMissingLaunches());

	BroadcastLauncher(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, AudienceService audiences,
			SegmentService segments, PreferenceService preferences, DeliveryQueue queue, MessageRenderer renderer,
			ObjectProvider<SchedulerClient> scheduler, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.audiences = audiences;
		this.segments = segments;
		this.preferences = preferences;
		this.queue = queue;
		this.renderer = renderer;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	/** Parses a body, reporting Liquid syntax errors against the {@code body} field. */
	CompiledTemplate compileBody(String body) {
		return this.renderer.compile("body", body);
	}

	/** Renders a body with the given variables. */
	String render(String body, Map<String, Object> variables) {
		return this.renderer.render(compileBody(body), variables);
	}

	/** Schedules the launch task of a scheduled broadcast (called after its commit). */
	void scheduleLaunch(TenantId tenant, Broadcast broadcast, Instant now) {
		Instant at = broadcast.draft().schedule().launchAt(now);
		this.scheduler.getObject()
			.scheduleIfNotExists(this.task.instance(broadcast.id() + "@" + broadcast.version(),
					tenant.value() + "/" + broadcast.id()), at);
	}

	/**
	 * Schedules the launch task of every scheduled broadcast that has none
	 * ({@code scheduleIfNotExists} makes a race with the original scheduling harmless).
	 * @return how many were scheduled again
	 */
	int rescheduleMissingLaunches() {
		record Missing(TenantId tenant, Broadcast broadcast) {
		}
		List<Missing> missing = this.transactions
			.readAsPlatform(() -> this.jdbc.sql("SELECT tenant_id, " + BroadcastRows.COLUMNS + """
					 FROM broadcasts b
					WHERE status = 'scheduled'
					  AND NOT EXISTS (SELECT 1 FROM scheduled_tasks t
					                   WHERE t.task_name = ? AND t.task_instance = b.id || '@' || b.version)""")
				.param(TASK)
				.query((rs, row) -> new Missing(new TenantId(rs.getObject("tenant_id", UUID.class)),
						BroadcastRows.broadcast(rs, row)))
				.list());
		Instant now = this.clock.instant();
		for (Missing lost : missing) {
			log.warn("Broadcast {} was scheduled without its launch task; scheduling it again", lost.broadcast().id());
			scheduleLaunch(lost.tenant(), lost.broadcast(), now);
		}
		return missing.size();
	}

	/**
	 * Runs a launch: does nothing unless the broadcast is still scheduled and due (a
	 * stale task from an earlier schedule, or a second run, finds it otherwise). A launch
	 * that cannot run (its segment was deleted) fails the broadcast with the reason.
	 */
	public void launch(TenantId tenant, UUID broadcastId) {
		Actor system = Actor.system(tenant);
		try {
			this.transactions.runInTenant(tenant, () -> materialise(system, tenant, broadcastId));
		}
		catch (RuntimeException ex) {
			log.warn("Launch of broadcast {} failed: {}", broadcastId, ex.toString());
			this.transactions.runInTenant(tenant, () -> {
				int changed = this.jdbc.sql("""
						UPDATE broadcasts SET status = 'failed', failure_reason = ?, finished_at = now(),
						    updated_at = now(), version = version + 1
						WHERE tenant_id = ? AND id = ? AND status = 'scheduled'""")
					.params(reason(ex), tenant.value(), broadcastId)
					.update();
				if (changed > 0) {
					this.audit.record(system, "broadcast.failed", AuditTrail.Target.of("broadcast", broadcastId),
							Map.of("status", "scheduled"), Map.of("status", "failed", "reason", reason(ex)));
				}
			});
		}
	}

	private void materialise(Actor system, TenantId tenant, UUID broadcastId) {
		Broadcast broadcast = this.jdbc
			.sql("SELECT " + BroadcastRows.COLUMNS + " FROM broadcasts WHERE tenant_id = ? AND id = ? FOR UPDATE")
			.params(tenant.value(), broadcastId)
			.query(BroadcastRows::broadcast)
			.optional()
			.orElse(null);
		Instant now = this.clock.instant();
		if (broadcast == null || broadcast.status() != BroadcastStatus.SCHEDULED
				|| broadcast.draft().schedule().launchAt(now).isAfter(now.plus(EARLY_TOLERANCE))) {
			return;
		}
		long started = System.nanoTime();
		Recipients recipients = recipients(tenant, broadcast);
		List<Object> snapshotParams = new ArrayList<>();
		snapshotParams.add(broadcastId);
		snapshotParams.addAll(recipients.reasonParams());
		snapshotParams.addAll(recipients.audience().params());
		this.jdbc
			.sql("INSERT INTO broadcast_recipients (tenant_id, broadcast_id, contact_id, excluded_reason)"
					+ " SELECT c.tenant_id, ?, c.id, " + recipients.reason() + " FROM contacts c WHERE "
					+ recipients.audience().where() + " ON CONFLICT DO NOTHING")
			.params(snapshotParams)
			.update();
		long eligible = this.jdbc
			.sql("SELECT count(*) FROM broadcast_recipients"
					+ " WHERE tenant_id = ? AND broadcast_id = ? AND excluded_reason IS NULL")
			.params(tenant.value(), broadcastId)
			.query(Long.class)
			.single();
		long snapshotted = System.nanoTime();
		long inserted = insertDeliveries(tenant, broadcast, recipients, eligible, now);
		long materialised = System.nanoTime();
		int moved = delayForPhoneZones(tenant, broadcast);
		log.info(
				"Launch of broadcast {}: audience snapshot {} ms, {} deliveries {} ms, {} moved past quiet hours "
						+ "in their numbers' zones {} ms",
				broadcastId, (snapshotted - started) / 1_000_000, inserted, (materialised - snapshotted) / 1_000_000,
				moved, (System.nanoTime() - materialised) / 1_000_000);
		Map<String, Long> snapshot = this.jdbc.sql("""
				SELECT count(*) AS recipients, count(*) FILTER (WHERE excluded_reason IS NOT NULL) AS excluded
				FROM broadcast_recipients WHERE tenant_id = ? AND broadcast_id = ?""")
			.params(tenant.value(), broadcastId)
			.query((rs, row) -> Map.of("recipients", rs.getLong("recipients"), "excluded", rs.getLong("excluded")))
			.single();
		this.jdbc.sql("""
				UPDATE broadcast_stats SET recipients = ?, excluded = ?, total = total + ?
				WHERE tenant_id = ? AND broadcast_id = ?""")
			.params(snapshot.get("recipients"), snapshot.get("excluded"), inserted, tenant.value(), broadcastId)
			.update();
		this.jdbc.sql("""
				UPDATE broadcasts SET status = 'sending', launched_at = now(), updated_at = now(), version = version + 1
				WHERE tenant_id = ? AND id = ?""").params(tenant.value(), broadcastId).update();
		this.audit.record(system, "broadcast.launched", BroadcastService.target(broadcast),
				Map.of("status", "scheduled"), Map.of("status", "sending", "recipients", snapshot.get("recipients"),
						"excluded", snapshot.get("excluded"), "deliveries", inserted));
		this.queue.finishIfDone(tenant, broadcastId);
	}

	/**
	 * One delivery per eligible recipient. {@code not_before} is the schedule's time for
	 * the recipient (a local time in their zone; a place in the window), then moved past
	 * the contact's quiet hours and, for promotional SMS, the tenant's.
	 */
	private long insertDeliveries(TenantId tenant, Broadcast broadcast, Recipients recipients, long eligible,
			Instant now) {
		Schedule schedule = broadcast.draft().schedule();
		Channel channel = broadcast.channel();
		List<Object> params = new ArrayList<>();
		String base = switch (schedule.kind()) {
			case NOW, AT -> {
				params.add(utc(schedule.launchAt(now)));
				yield "?::timestamptz";
			}
			case LOCAL_TIME -> {
				params.add(utc(now));
				params.add(java.sql.Timestamp.valueOf(schedule.localSendAt()));
				yield "greatest(?::timestamptz, (?::timestamp AT TIME ZONE coalesce(c.timezone, st.timezone, ?)))";
			}
			case WINDOW -> {
				Instant start = schedule.launchAt(now);
				double seconds = Math.max(0, Duration.between(start, schedule.windowEnd()).toMillis() / 1000.0);
				double spacing = (eligible > 0) ? seconds / eligible : 0;
				if (schedule.maxPerMinute() != null) {
					spacing = Math.max(spacing, 60.0 / schedule.maxPerMinute());
				}
				if (schedule.maxPerHour() != null) {
					spacing = Math.max(spacing, 3600.0 / schedule.maxPerHour());
				}
				params.add(utc(start));
				params.add(spacing);
				params.add((schedule.jitterSeconds() != null) ? schedule.jitterSeconds().doubleValue() : 0.0);
				yield "?::timestamptz + ((row_number() OVER (ORDER BY c.id) - 1) * ?::float8"
						+ " + random() * ?::float8) * interval '1 second'";
			}
		};
		String fallbackZone = recipients.storeZone();
		if (schedule.kind() == Schedule.Kind.LOCAL_TIME) {
			params.add(fallbackZone);
		}
		boolean quiet = !MessagingSettings.TRANSACTIONAL.equals(broadcast.draft().category());
		QuietHours tenantQuiet = (quiet && channel == Channel.SMS)
				? this.preferences.settings(tenant).promotionalSmsQuietHours() : null;
		List<Object> all = new ArrayList<>();
		all.add(broadcast.id());
		all.add(channel.key());
		all.add((broadcast.storeId() != null) ? broadcast.storeId().value() : null);
		all.add(quiet);
		all.add((tenantQuiet != null) ? tenantQuiet.start() : null);
		all.add((tenantQuiet != null) ? tenantQuiet.end() : null);
		all.addAll(params);
		all.add(fallbackZone);
		all.add(tenant.value());
		all.add(broadcast.id());
		String address = address(channel);
		return this.jdbc.sql("""
				INSERT INTO deliveries (tenant_id, id, broadcast_id, contact_id, channel, step, store_id, address,
				                        not_before)
				SELECT x.tenant_id, gen_random_uuid(), ?, x.contact_id, ?, 0, coalesce(?, x.store_id), x.address,
				       CASE WHEN ?::boolean THEN
				           herald_next_allowed(herald_next_allowed(herald_next_allowed(x.base, x.zone, x.quiet_start,
				               x.quiet_end), x.zone, ?::time, ?::time), x.zone, x.quiet_start, x.quiet_end)
				       ELSE x.base END
				FROM (SELECT c.tenant_id, c.id AS contact_id, c.store_id, %s AS address, cp.quiet_start,
				             cp.quiet_end, %s AS base, coalesce(c.timezone, st.timezone, ?) AS zone
				      FROM broadcast_recipients r
				      JOIN contacts c ON c.tenant_id = r.tenant_id AND c.id = r.contact_id
				      LEFT JOIN stores st ON st.tenant_id = c.tenant_id AND st.id = c.store_id
				      LEFT JOIN contact_preferences cp ON cp.tenant_id = c.tenant_id AND cp.contact_id = c.id
				      WHERE r.tenant_id = ? AND r.broadcast_id = ? AND r.excluded_reason IS NULL) x
				ON CONFLICT (tenant_id, broadcast_id, contact_id, channel, step) DO NOTHING""".formatted(address, base))
			.params(all)
			.update();
	}

	/**
	 * Contacts without a timezone: their promotional messages must be outside quiet hours
	 * in every zone their number may be in (Reachability's rule), which libphonenumber
	 * knows and SQL does not. Streams just those deliveries (a cursor of
	 * {@value #MOVE_BATCH} rows at a time) and moves them later where needed, a batch of
	 * moves per statement.
	 * @return how many were moved
	 */
	private int delayForPhoneZones(TenantId tenant, Broadcast broadcast) {
		if (MessagingSettings.TRANSACTIONAL.equals(broadcast.draft().category()) || !broadcast.channel().usesPhone()) {
			return 0;
		}
		QuietHours tenantQuiet = (broadcast.channel() == Channel.SMS)
				? this.preferences.settings(tenant).promotionalSmsQuietHours() : null;
		List<UUID> ids = new ArrayList<>(MOVE_BATCH);
		List<String> times = new ArrayList<>(MOVE_BATCH);
		int[] moved = { 0 };
		this.jdbc.sql("""
				SELECT d.id, d.address, d.not_before, cp.quiet_start, cp.quiet_end
				FROM deliveries d
				JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
				LEFT JOIN contact_preferences cp ON cp.tenant_id = d.tenant_id AND cp.contact_id = d.contact_id
				WHERE d.tenant_id = ? AND d.broadcast_id = ? AND d.status = 'queued' AND c.timezone IS NULL""")
			.withFetchSize(MOVE_BATCH)
			.params(tenant.value(), broadcast.id())
			.query((rs) -> {
				List<QuietHours> quiet = new ArrayList<>();
				LocalTime start = rs.getObject("quiet_start", LocalTime.class);
				if (start != null) {
					quiet.add(new QuietHours(start, rs.getObject("quiet_end", LocalTime.class)));
				}
				if (tenantQuiet != null) {
					quiet.add(tenantQuiet);
				}
				List<ZoneId> zones = PhoneNumbers.timeZones(rs.getString("address"));
				if (quiet.isEmpty() || zones.isEmpty()) {
					return;
				}
				Instant notBefore = rs.getObject("not_before", java.time.OffsetDateTime.class).toInstant();
				Instant allowed = Reachability.nextAllowed(notBefore, quiet, zones);
				if (allowed.isAfter(notBefore)) {
					ids.add(rs.getObject("id", UUID.class));
					times.add(allowed.toString());
					if (ids.size() == MOVE_BATCH) {
						moved[0] += move(tenant, ids, times);
					}
				}
			});
		moved[0] += move(tenant, ids, times);
		return moved[0];
	}

	private int move(TenantId tenant, List<UUID> ids, List<String> times) {
		if (ids.isEmpty()) {
			return 0;
		}
		int moved = this.jdbc.sql("""
				UPDATE deliveries d SET not_before = m.not_before
				FROM unnest(?::uuid[], ?::text[]::timestamptz[]) AS m (id, not_before)
				WHERE d.tenant_id = ? AND d.id = m.id""")
			.params(ids.toArray(UUID[]::new), times.toArray(String[]::new), tenant.value())
			.update();
		ids.clear();
		times.clear();
		return moved;
	}

	/**
	 * The review numbers: matched contacts and why some would be excluded, if it launched
	 * now.
	 */
	BroadcastReview review(TenantId tenant, Broadcast broadcast) {
		return this.transactions.readInTenant(tenant, () -> {
			Recipients recipients = recipients(tenant, broadcast);
			List<Object> params = new ArrayList<>(recipients.reasonParams());
			params.addAll(recipients.audience().params());
			Map<BroadcastReview.Exclusion, Long> excluded = new EnumMap<>(BroadcastReview.Exclusion.class);
			long[] matched = { 0 };
			this.jdbc
				.sql("SELECT reason, count(*) AS n FROM (SELECT " + recipients.reason()
						+ " AS reason FROM contacts c WHERE " + recipients.audience().where() + ") r GROUP BY reason")
				.params(params)
				.query((rs) -> {
					long n = rs.getLong("n");
					matched[0] += n;
					String reason = rs.getString("reason");
					if (reason != null) {
						excluded.merge(BroadcastReview.Exclusion.fromKey(reason), n, Long::sum);
					}
				});
			long eligible = matched[0] - excluded.values().stream().mapToLong(Long::longValue).sum();
			List<String> warnings = new ArrayList<>();
			Schedule schedule = broadcast.draft().schedule();
			if (!MessagingSettings.TRANSACTIONAL.equals(broadcast.draft().category())
					&& broadcast.channel() == Channel.SMS
					&& this.preferences.settings(tenant).promotionalSmsQuietHours() != null) {
				warnings.add("Promotional SMS wait for the end of each recipient's quiet hours ("
						+ this.preferences.settings(tenant).promotionalSmsQuietHours() + " local time)");
			}
			Duration duration = estimatedDuration(schedule, eligible);
			if (duration.compareTo(Duration.ofHours(4)) > 0) {
				warnings.add("At the window's rate, sending takes about " + duration.toHours() + " hours");
			}
			if (matched[0] > 0 && eligible == 0) {
				warnings.add("Nobody in the audience can be reached on " + broadcast.channel().key());
			}
			return new BroadcastReview(matched[0], excluded, eligible, eligible * broadcast.draft().unitCostMicros(),
					duration, warnings);
		});
	}

	private static Duration estimatedDuration(Schedule schedule, long eligible) {
		if (schedule.kind() != Schedule.Kind.WINDOW || eligible == 0) {
			return Duration.ZERO;
		}
		double perSecond = Double.MAX_VALUE;
		if (schedule.maxPerMinute() != null) {
			perSecond = Math.min(perSecond, schedule.maxPerMinute() / 60.0);
		}
		if (schedule.maxPerHour() != null) {
			perSecond = Math.min(perSecond, schedule.maxPerHour() / 3600.0);
		}
		if (perSecond == Double.MAX_VALUE) {
			return Duration.ZERO;
		}
		return Duration.ofSeconds((long) Math.ceil(eligible / perSecond));
	}

	/** The audience's SQL and the exclusion reason of each matched contact. */
	private record Recipients(CompiledAudience audience, String reason, List<Object> reasonParams, String storeZone) {
	}

	private Recipients recipients(TenantId tenant, Broadcast broadcast) {
		Audience audience = broadcast.draft().audience();
		if (audience == null) {
			throw new com.herald.tenancy.InvalidInputException("audience", "Pick who the broadcast goes to");
		}
		Criterion tree = switch (audience.kind()) {
			case CRITERIA -> audience.criteria();
			case SEGMENT -> this.segments.criteria(tenant, audience.segmentId())
				.orElseThrow(() -> new com.herald.tenancy.InvalidInputException("audience",
						"The broadcast's segment no longer exists"));
			case LIST -> com.herald.audience.Condition.of("list", "equals", String.valueOf(audience.listId()));
		};
		StoreId store = broadcast.storeId();
		CompiledAudience compiled = this.audiences.compileFor(tenant, (store != null) ? Set.of(store) : null, tree);
		Channel channel = broadcast.channel();
		String category = broadcast.draft().category();
		String address = address(channel);
		String reason = "CASE WHEN " + address + " IS NULL THEN 'invalid_address'" + """
				WHEN EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = c.tenant_id AND s.channel = ?
				             AND s.address =\s""" + address
				+ """
						) THEN 'suppressed'
						 WHEN EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id AND cs.contact_id = c.id
						              AND cs.channel = ? AND cs.status = 'opted_out') THEN 'opted_out'
						 WHEN ? <> 'transactional' AND NOT EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id
						              AND cs.contact_id = c.id AND cs.channel = ? AND cs.status = 'opted_in') THEN 'no_consent'
						 WHEN EXISTS (SELECT 1 FROM contact_category_preferences p WHERE p.tenant_id = c.tenant_id
						              AND p.contact_id = c.id AND p.channel = ? AND p.category = ? AND NOT p.opted_in)
						      THEN 'category_opted_out'
						 WHEN ? <> 'transactional' AND EXISTS (SELECT 1 FROM contact_preferences pp
						              WHERE pp.tenant_id = c.tenant_id AND pp.contact_id = c.id
						              AND pp.paused_until > now()) THEN 'paused'
						 WHEN ? <> 'transactional' AND EXISTS (SELECT 1 FROM contact_preferences cp
						              WHERE cp.tenant_id = c.tenant_id AND cp.contact_id = c.id
						              AND cp.frequency_cap_count IS NOT NULL
						              AND (SELECT count(*) FROM deliveries fd
						                   JOIN broadcasts fb ON fb.tenant_id = fd.tenant_id AND fb.id = fd.broadcast_id
						                   WHERE fd.tenant_id = c.tenant_id AND fd.contact_id = c.id AND fd.broadcast_id <> ?
						                   AND fb.category <> 'transactional' AND fd.status NOT IN ('failed', 'skipped')
						                   AND fd.created_at > now() - make_interval(days => cp.frequency_cap_days))
						                  >= cp.frequency_cap_count) THEN 'frequency_cap'
						 END""";
		List<Object> params = List.of(channel.key(), channel.key(), category, channel.key(), channel.key(), category,
				category, category, broadcast.id());
		String zone = "UTC";
		if (store != null) {
			zone = this.jdbc.sql("SELECT timezone FROM stores WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), store.value())
				.query(String.class)
				.optional()
				.orElse("UTC");
		}
		return new Recipients(compiled, reason, params, zone);
	}

	private static String address(Channel channel) {
		return switch (channel) {
			case SMS, WHATSAPP -> "c.phone_e164";
			case EMAIL -> "c.email";
			case PUSH -> "NULL::text";
		};
	}

	private static java.time.OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static String reason(RuntimeException ex) {
		String message = (ex instanceof com.herald.tenancy.InvalidInputException invalid)
				? String.join("; ", invalid.getFieldErrors().values())
				: "Launch failed: " + ex.getClass().getSimpleName();
		return (message.length() > 500) ? message.substring(0, 500) : message;
	}

}
