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
import java.util.TreeMap;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

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
import com.herald.pricing.PricingService;
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
 * delivery per reachable recipient, both from one pass over the audience in one statement
 * (the snapshot just written has no statistics yet, so joining it back to the contacts
 * made the planner loop over a million rows one by one): nothing of the audience passes
 * through the JVM except the few contacts without a timezone, whose quiet hours are
 * checked in every zone their number may be in. Re-running a launch inserts nothing twice
 * (both inserts are idempotent on their keys).
 */
@Component
public class BroadcastLauncher {

	static final String TASK = "broadcast-launch";

	static final String SWEEP = "broadcast-launch-sweep";

	private static final Logger log = LoggerFactory.getLogger(BroadcastLauncher.class);

	private static final Duration EARLY_TOLERANCE = Duration.ofSeconds(2);

	private static final int MOVE_BATCH = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

	private final PricingService pricing;

	BroadcastLauncher(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, AudienceService audiences,
			SegmentService segments, PreferenceService preferences, DeliveryQueue queue, MessageRenderer renderer,
			ObjectProvider<SchedulerClient> scheduler, Clock clock, PricingService pricing) {
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
		this.pricing = pricing;
	}

	/** Parses a body, reporting Liquid syntax errors against the {@code body} field. */
	CompiledTemplate compileBody(String body) {
		return compileBody("body", body);
	}

	/** Parses a body, reporting Liquid syntax errors against the given field. */
	CompiledTemplate compileBody(String field, String body) {
		return this.renderer.compile(field, body);
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
		List<Channel> channels = broadcast.channels();
		// one pass over the audience: x (each matched contact with its reasons and what
		// its
		// deliveries need) feeds the snapshot, every channel's deliveries and the counts
		List<Object> params = new ArrayList<>(recipients.reasonParams());
		params.addAll(recipients.joinParams());
		params.addAll(recipients.audience().params());
		params.add(broadcastId);
		StringBuilder sql = new StringBuilder("WITH x AS MATERIALIZED (SELECT c.tenant_id, c.id, c.store_id, "
				+ "c.phone_e164, c.email, c.timezone, st.timezone AS store_timezone, cp.quiet_start, cp.quiet_end, "
				+ recipients.reasons() + " FROM contacts c LEFT JOIN stores st ON st.tenant_id = c.tenant_id "
				+ "AND st.id = c.store_id " + recipients.joins() + " WHERE " + recipients.audience().where()
				+ "), snapshot AS (INSERT INTO broadcast_recipients (tenant_id, broadcast_id, contact_id, "
				+ "excluded_reason, channel_reasons) SELECT x.tenant_id, ?, x.id, " + recipients.overallReason() + ", "
				+ recipients.channelReasons() + " FROM x ON CONFLICT DO NOTHING)");
		for (int i = 0; i < channels.size(); i++) {
			sql.append(", d").append(i).append(" AS (");
			sql.append(insertDeliveries(tenant, broadcast, i, recipients, now, params)).append(" RETURNING 1)");
		}
		sql.append(" SELECT ").append(recipients.columns()).append(", count(*) AS n");
		for (int i = 0; i < channels.size(); i++) {
			sql.append(", (SELECT count(*) FROM d").append(i).append(") AS d").append(i);
		}
		sql.append(" FROM x GROUP BY ").append(recipients.columns());
		long[] counts = new long[2];
		long[] perPosition = new long[channels.size()];
		List<Map<String, Long>> excludedBy = new ArrayList<>();
		channels.forEach((channel) -> excludedBy.add(new TreeMap<>()));
		this.jdbc.sql(sql.toString()).params(params).query((rs) -> {
			long n = rs.getLong("n");
			boolean reached = false;
			for (int i = 0; i < channels.size(); i++) {
				perPosition[i] = rs.getLong("d" + i);
				String reason = rs.getString("r" + i);
				if (reason == null) {
					reached = true;
				}
				else {
					excludedBy.get(i).merge(reason, n, Long::sum);
				}
			}
			counts[0] += n;
			counts[1] += reached ? 0 : n;
		});
		Snapshot snapshot = new Snapshot(counts[0], counts[1], excludedBy);
		long snapshotted = System.nanoTime();
		Map<Channel, Long> perChannel = new EnumMap<>(Channel.class);
		for (int i = 0; i < channels.size(); i++) {
			perChannel.put(channels.get(i), perPosition[i]);
		}
		long inserted = perChannel.values().stream().mapToLong(Long::longValue).sum();
		long materialised = System.nanoTime();
		int moved = 0;
		for (Channel channel : broadcast.channels()) {
			moved += delayForPhoneZones(tenant, broadcast, channel);
		}
		log.info(
				"Launch of broadcast {}: audience snapshot and {} deliveries {} ms, {} moved past quiet hours "
						+ "in their numbers' zones {} ms",
				broadcastId, inserted, (snapshotted - started) / 1_000_000, moved,
				(System.nanoTime() - materialised) / 1_000_000);
		this.jdbc.sql("""
				UPDATE broadcast_stats SET recipients = ?, excluded = ?, total = total + ?
				WHERE tenant_id = ? AND broadcast_id = ?""")
			.params(snapshot.recipients(), snapshot.excluded(), inserted, tenant.value(), broadcastId)
			.update();
		for (int i = 0; i < broadcast.channels().size(); i++) {
			Channel channel = broadcast.channels().get(i);
			Map<String, Long> exclusions = snapshot.exclusions().get(i);
			long excluded = exclusions.values().stream().mapToLong(Long::longValue).sum();
			this.jdbc
				.sql("""
						INSERT INTO broadcast_channel_stats (tenant_id, broadcast_id, channel, position, reachable, excluded,
						                                     exclusions, total)
						VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
						ON CONFLICT (tenant_id, broadcast_id, channel) DO UPDATE SET reachable = EXCLUDED.reachable,
						    excluded = EXCLUDED.excluded, exclusions = EXCLUDED.exclusions,
						    total = broadcast_channel_stats.total + EXCLUDED.total""")
				.params(tenant.value(), broadcastId, channel.key(), i + 1, snapshot.recipients() - excluded, excluded,
						JSON.writeValueAsString(exclusions), perChannel.get(channel))
				.update();
		}
		this.jdbc.sql("""
				UPDATE broadcasts SET status = 'sending', launched_at = now(), updated_at = now(), version = version + 1
				WHERE tenant_id = ? AND id = ?""").params(tenant.value(), broadcastId).update();
		this.audit.record(system, "broadcast.launched", BroadcastService.target(broadcast),
				Map.of("status", "scheduled"), Map.of("status", "sending", "recipients", snapshot.recipients(),
						"excluded", snapshot.excluded(), "deliveries", inserted));
		this.queue.finishIfDone(tenant, broadcastId);
	}

	/**
	 * The snapshot's counts, in one pass over it.
	 *
	 * @param recipients matched contacts
	 * @param excluded of them, those no channel reaches
	 * @param exclusions per channel (in the broadcast's order), how many it cannot reach
	 * by reason
	 */
	private record Snapshot(long recipients, long excluded, List<Map<String, Long>> exclusions) {

		long eligible() {
			return this.recipients - this.excluded;
		}

	}

	/**
	 * One delivery on the channel at {@code position} per recipient it is for: everyone
	 * it reaches in {@link ChannelMode#ALL} mode; in {@link ChannelMode#FALLBACK} mode,
	 * those no earlier channel reaches. {@code not_before} is the schedule's time for the
	 * recipient (a local time in their zone; a place in the window), then moved past the
	 * contact's quiet hours and, for promotional SMS, the tenant's. PostgreSQL inlines
	 * {@code herald_next_allowed} (an SQL function) only where its time argument is cheap
	 * (a column: {@code OFFSET 0} keeps {@code y} a subquery), so nested calls run as
	 * function calls, 15 s per million rows: they are kept to the 5% of contacts with
	 * quiet hours of their own.
	 */
	private String insertDeliveries(TenantId tenant, Broadcast broadcast, int position, Recipients recipients,
			Instant now, List<Object> params) {
		Schedule schedule = broadcast.draft().schedule();
		Channel channel = broadcast.channels().get(position);
		boolean quiet = !MessagingSettings.TRANSACTIONAL.equals(broadcast.draft().category());
		QuietHours tenantQuiet = (quiet && channel == Channel.SMS)
				? this.preferences.settings(tenant).promotionalSmsQuietHours() : null;
		params.add(broadcast.id());
		params.add(channel.key());
		params.add((broadcast.storeId() != null) ? broadcast.storeId().value() : null);
		params.add(quiet);
		// the tenant's quiet hours twice: alone, and between the contact's own
		for (int i = 0; i < 2; i++) {
			params.add((tenantQuiet != null) ? tenantQuiet.start() : null);
			params.add((tenantQuiet != null) ? tenantQuiet.end() : null);
		}
		String fallbackZone = recipients.storeZone();
		String base = switch (schedule.kind()) {
			case NOW, AT -> {
				params.add(utc(schedule.launchAt(now)));
				yield "?::timestamptz";
			}
			case LOCAL_TIME -> {
				params.add(utc(now));
				params.add(java.sql.Timestamp.valueOf(schedule.localSendAt()));
				params.add(fallbackZone);
				yield "greatest(?::timestamptz, (?::timestamp AT TIME ZONE coalesce(x.timezone, x.store_timezone, ?)))";
			}
			case WINDOW -> {
				Instant start = schedule.launchAt(now);
				double seconds = Math.max(0, Duration.between(start, schedule.windowEnd()).toMillis() / 1000.0);
				double spacing = 0;
				if (schedule.maxPerMinute() != null) {
					spacing = Math.max(spacing, 60.0 / schedule.maxPerMinute());
				}
				if (schedule.maxPerHour() != null) {
					spacing = Math.max(spacing, 3600.0 / schedule.maxPerHour());
				}
				params.add(utc(start));
				params.add(seconds);
				params.add(spacing);
				params.add((schedule.jitterSeconds() != null) ? schedule.jitterSeconds().doubleValue() : 0.0);
				// spread over the window: its length shared by everyone no channel
				// excludes
				yield "?::timestamptz + ((row_number() OVER (ORDER BY x.id) - 1) * greatest(coalesce(?::float8"
						+ " / nullif((SELECT count(*) FROM x WHERE " + recipients.overallReason()
						+ " IS NULL), 0), 0), ?::float8) + random() * ?::float8) * interval '1 second'";
			}
		};
		params.add(fallbackZone);
		return """
				INSERT INTO deliveries (tenant_id, id, broadcast_id, contact_id, channel, step, store_id, address,
				                        not_before)
				SELECT y.tenant_id, gen_random_uuid(), ?, y.contact_id, ?, 0, coalesce(?, y.store_id), y.address,
				       CASE WHEN NOT ?::boolean THEN y.base
				           WHEN y.quiet_start IS NULL OR y.quiet_end IS NULL
				               THEN herald_next_allowed(y.base, y.zone, ?::time, ?::time)
				           ELSE herald_next_allowed(herald_next_allowed(herald_next_allowed(y.base, y.zone, y.quiet_start,
				               y.quiet_end), y.zone, ?::time, ?::time), y.zone, y.quiet_start, y.quiet_end) END
				FROM (SELECT x.tenant_id, x.id AS contact_id, x.store_id, %s AS address, x.quiet_start, x.quiet_end,
				             %s AS base, coalesce(x.timezone, x.store_timezone, ?) AS zone
				      FROM x WHERE %s OFFSET 0) y
				ON CONFLICT (tenant_id, broadcast_id, contact_id, channel, step) DO NOTHING"""
			.formatted(address(channel, "x"), base, reachedOn(broadcast.draft(), position));
	}

	/**
	 * Contacts without a timezone: their promotional messages must be outside quiet hours
	 * in every zone their number may be in (Reachability's rule), which libphonenumber
	 * knows and SQL does not. Streams just those deliveries, found from the contacts
	 * without one (the deliveries just inserted have no statistics yet; starting from
	 * them probed contacts once per delivery of the broadcast), by a cursor of
	 * {@value #MOVE_BATCH} rows at a time, and moves them later where needed, a batch of
	 * moves per statement.
	 * @return how many were moved
	 */
	private int delayForPhoneZones(TenantId tenant, Broadcast broadcast, Channel channel) {
		if (MessagingSettings.TRANSACTIONAL.equals(broadcast.draft().category()) || !channel.usesPhone()) {
			return 0;
		}
		QuietHours tenantQuiet = (channel == Channel.SMS) ? this.preferences.settings(tenant).promotionalSmsQuietHours()
				: null;
		List<UUID> ids = new ArrayList<>(MOVE_BATCH);
		List<String> times = new ArrayList<>(MOVE_BATCH);
		int[] moved = { 0 };
		this.jdbc.sql("""
				SELECT d.id, d.address, d.not_before, cp.quiet_start, cp.quiet_end
				FROM contacts c
				JOIN deliveries d ON d.tenant_id = c.tenant_id AND d.broadcast_id = ? AND d.contact_id = c.id
				    AND d.channel = ? AND d.step = 0
				LEFT JOIN contact_preferences cp ON cp.tenant_id = c.tenant_id AND cp.contact_id = c.id
				WHERE c.tenant_id = ? AND c.timezone IS NULL AND d.status = 'queued'""")
			.withFetchSize(MOVE_BATCH)
			.params(broadcast.id(), channel.key(), tenant.value())
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
	 * The review numbers: matched contacts, why some would be excluded, and per channel
	 * how many it reaches, excludes (by reason) and would get a delivery, if it launched
	 * now. One pass over the audience, grouped by each channel's reason.
	 */
	BroadcastReview review(TenantId tenant, Broadcast broadcast) {
		return this.transactions.readInTenant(tenant, () -> {
			Recipients recipients = recipients(tenant, broadcast);
			List<Object> params = new ArrayList<>(recipients.reasonParams());
			params.addAll(recipients.joinParams());
			params.addAll(recipients.audience().params());
			List<Channel> channels = broadcast.channels();
			int size = channels.size();
			String columns = recipients.columns();
			List<Map<BroadcastReview.Exclusion, Long>> perChannel = new ArrayList<>();
			long[] reachable = new long[size];
			long[] deliveries = new long[size];
			channels.forEach((channel) -> perChannel.add(new EnumMap<>(BroadcastReview.Exclusion.class)));
			Map<BroadcastReview.Exclusion, Long> excluded = new EnumMap<>(BroadcastReview.Exclusion.class);
			long[] matched = { 0 };
			this.jdbc
				.sql("SELECT " + columns + ", count(*) AS n FROM (SELECT " + recipients.reasons() + " FROM contacts c "
						+ recipients.joins() + " WHERE " + recipients.audience().where() + ") x GROUP BY " + columns)
				.params(params)
				.query((rs) -> {
					long n = rs.getLong("n");
					matched[0] += n;
					boolean reachedEarlier = false;
					for (int i = 0; i < size; i++) {
						String reason = rs.getString("r" + i);
						if (reason != null) {
							perChannel.get(i).merge(BroadcastReview.Exclusion.fromKey(reason), n, Long::sum);
							continue;
						}
						reachable[i] += n;
						if (broadcast.draft().mode() == ChannelMode.ALL || !reachedEarlier) {
							deliveries[i] += n;
						}
						reachedEarlier = true;
					}
					if (!reachedEarlier) {
						excluded.merge(BroadcastReview.Exclusion.fromKey(rs.getString("r0")), n, Long::sum);
					}
				});
			long eligible = matched[0] - excluded.values().stream().mapToLong(Long::longValue).sum();
			List<BroadcastReview.ChannelReview> reviews = new ArrayList<>();
			long emailCost = channels.contains(Channel.EMAIL) ? this.pricing.emailMicros(tenant) : 0;
			for (int i = 0; i < size; i++) {
				long unitCost = (channels.get(i) == Channel.EMAIL) ? emailCost : broadcast.draft().unitCostMicros();
				reviews.add(new BroadcastReview.ChannelReview(channels.get(i), reachable[i], perChannel.get(i),
						deliveries[i], deliveries[i] * unitCost));
			}
			long estimated = reviews.stream().mapToLong(BroadcastReview.ChannelReview::deliveries).sum();
			long cost = reviews.stream().mapToLong(BroadcastReview.ChannelReview::estimatedCostMicros).sum();
			List<String> warnings = new ArrayList<>();
			Schedule schedule = broadcast.draft().schedule();
			if (!MessagingSettings.TRANSACTIONAL.equals(broadcast.draft().category()) && channels.contains(Channel.SMS)
					&& this.preferences.settings(tenant).promotionalSmsQuietHours() != null) {
				warnings.add("Promotional SMS wait for the end of each recipient's quiet hours ("
						+ this.preferences.settings(tenant).promotionalSmsQuietHours() + " local time)");
			}
			Duration duration = estimatedDuration(schedule, eligible);
			if (duration.compareTo(Duration.ofHours(4)) > 0) {
				warnings.add("At the window's rate, sending takes about " + duration.toHours() + " hours");
			}
			for (int i = 0; i < size; i++) {
				if (matched[0] > 0 && reachable[i] == 0) {
					warnings.add("Nobody in the audience can be reached on " + channels.get(i).key());
				}
			}
			return new BroadcastReview(matched[0], excluded, estimated, cost, duration, warnings, reviews);
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

	/**
	 * The audience's SQL and, per channel in the broadcast's order, the SQL of the reason
	 * a matched contact {@code c} cannot get it (NULL when they can).
	 */
	private record Recipients(CompiledAudience audience, List<String> reasonSql, List<Object> reasonParams,
			String joins, List<Object> joinParams, String storeZone) {

		/** The reason columns' names, {@code r0, r1, …}. */
		String columns() {
			List<String> columns = new ArrayList<>();
			for (int i = 0; i < this.reasonSql.size(); i++) {
				columns.add("r" + i);
			}
			return String.join(", ", columns);
		}

		/** Each channel's reason as columns {@code r0, r1, …}. */
		String reasons() {
			List<String> columns = new ArrayList<>();
			for (int i = 0; i < this.reasonSql.size(); i++) {
				columns.add("(" + this.reasonSql.get(i) + ") AS r" + i);
			}
			return String.join(", ", columns);
		}

		/**
		 * The overall reason, over {@link #reasons()} as {@code x}: the first channel's,
		 * when none reaches.
		 */
		String overallReason() {
			if (this.reasonSql.size() == 1) {
				return "x.r0";
			}
			List<String> reached = new ArrayList<>();
			for (int i = 0; i < this.reasonSql.size(); i++) {
				reached.add("x.r" + i + " IS NULL");
			}
			return "CASE WHEN " + String.join(" OR ", reached) + " THEN NULL ELSE x.r0 END";
		}

		/** The per-channel reasons stored for a multi-channel broadcast. */
		String channelReasons() {
			if (this.reasonSql.size() == 1) {
				return "NULL::varchar[]";
			}
			List<String> columns = new ArrayList<>();
			for (int i = 0; i < this.reasonSql.size(); i++) {
				columns.add("x.r" + i);
			}
			return "ARRAY[" + String.join(", ", columns) + "]::varchar[]";
		}

	}

	/**
	 * Which audience rows {@code x} get a delivery on the channel at {@code position}.
	 */
	private static String reachedOn(BroadcastDraft draft, int position) {
		StringBuilder condition = new StringBuilder("x.r" + position + " IS NULL");
		if (draft.multiChannel() && draft.mode() == ChannelMode.FALLBACK) {
			for (int earlier = 0; earlier < position; earlier++) {
				condition.append(" AND x.r").append(earlier).append(" IS NOT NULL");
			}
		}
		return condition.toString();
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
		String category = broadcast.draft().category();
		List<String> reasons = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		StringBuilder joins = new StringBuilder(
				"LEFT JOIN contact_preferences cp ON cp.tenant_id = c.tenant_id AND cp.contact_id = c.id");
		List<Object> joinParams = new ArrayList<>();
		for (int i = 0; i < broadcast.channels().size(); i++) {
			Channel channel = broadcast.channels().get(i);
			reasons.add(reason(channel, i));
			params.addAll(List.of(category, category, category, broadcast.id()));
			joins.append(joins(channel, i));
			joinParams.addAll(List.of(channel.key(), channel.key(), channel.key(), category));
		}
		String zone = "UTC";
		if (store != null) {
			zone = this.jdbc.sql("SELECT timezone FROM stores WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), store.value())
				.query(String.class)
				.optional()
				.orElse("UTC");
		}
		return new Recipients(compiled, reasons, params, joins.toString(), joinParams, zone);
	}

	/**
	 * Why a matched contact {@code c} cannot get the channel at {@code i}, or NULL, over
	 * {@link #joins(Channel, int)}'s rows; 4 parameters. Joins rather than correlated
	 * lookups, so a large audience can be hashed or merged with them.
	 */
	private static String reason(Channel channel, int i) {
		return "CASE WHEN " + address(channel, "c") + " IS NULL THEN 'invalid_address' " + """
				WHEN s%1$d.id IS NOT NULL THEN 'suppressed'
				WHEN cs%1$d.status = 'opted_out' THEN 'opted_out'
				WHEN ? <> 'transactional' AND cs%1$d.status IS DISTINCT FROM 'opted_in' THEN 'no_consent'
				WHEN NOT p%1$d.opted_in THEN 'category_opted_out'
				WHEN ? <> 'transactional' AND cp.paused_until > now() THEN 'paused'
				WHEN ? <> 'transactional' AND cp.frequency_cap_count IS NOT NULL
				     AND (SELECT count(*) FROM deliveries fd
				          JOIN broadcasts fb ON fb.tenant_id = fd.tenant_id AND fb.id = fd.broadcast_id
				          WHERE fd.tenant_id = c.tenant_id AND fd.contact_id = c.id AND fd.broadcast_id <> ?
				          AND fb.category <> 'transactional' AND fd.status NOT IN ('failed', 'skipped')
				          AND fd.created_at > now() - make_interval(days => cp.frequency_cap_days))
				         >= cp.frequency_cap_count THEN 'frequency_cap'
				END""".formatted(i);
	}

	/**
	 * The rows {@link #reason(Channel, int)} reads for the channel at {@code i} (each at
	 * most one per contact: the tables' keys); 4 parameters.
	 */
	private static String joins(Channel channel, int i) {
		return " " + """
				LEFT JOIN suppressions s%1$d ON s%1$d.tenant_id = c.tenant_id AND s%1$d.channel = ?
				    AND s%1$d.address = %2$s
				LEFT JOIN consent_status cs%1$d ON cs%1$d.tenant_id = c.tenant_id AND cs%1$d.contact_id = c.id
				    AND cs%1$d.channel = ?
				LEFT JOIN contact_category_preferences p%1$d ON p%1$d.tenant_id = c.tenant_id
				    AND p%1$d.contact_id = c.id AND p%1$d.channel = ? AND p%1$d.category = ?""".formatted(i,
				address(channel, "c"));
	}

	/** The channel's address column of the contacts row {@code alias}. */
	private static String address(Channel channel, String alias) {
		return switch (channel) {
			case SMS, WHATSAPP -> alias + ".phone_e164";
			case EMAIL -> alias + ".email";
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
