package com.herald.broadcast;

import java.sql.Array;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.audience.AudienceService;
import com.herald.contact.ContactInputs;
import com.herald.contact.PhoneNumbers;
import com.herald.channel.ChannelRegistry;
import com.herald.channel.CommunicationChannel;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.ChannelStats;
import com.herald.delivery.DeliveryQueue;
import com.herald.delivery.DeliveryState;
import com.herald.delivery.DeliveryTracking;
import com.herald.delivery.RecipientRow;
import com.herald.delivery.Requeued;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.template.EmailComposer;
import com.herald.template.EmailContent;
import com.herald.consent.Channel;

/**
 * Writes broadcasts and moves them through their lifecycle. Every command takes the
 * {@link Actor} first, checks its role ({@link BroadcastPermissions}) and store, and
 * audits the change in the same transaction. Edits are allowed until a broadcast starts
 * sending; an edit of a submitted or scheduled broadcast takes it back to draft and drops
 * its approval, so what goes out is always what was approved.
 */
@Service
public class BroadcastService {

	public static final int MAX_NAME = 200;

	public static final int MAX_BODY = 10_000;

	public static final int MAX_COMMENT = 2000;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final AudienceService audiences;

	private final BroadcastLauncher launcher;

	private final DeliveryQueue queue;

	private final DeliveryTracking tracking;

	private final ChannelRegistry channels;

	private final Clock clock;

	private final EmailComposer emails;

	BroadcastService(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, AudienceService audiences,
			BroadcastLauncher launcher, DeliveryQueue queue, DeliveryTracking tracking, ChannelRegistry channels,
			Clock clock, EmailComposer emails) {
		this.emails = emails;
		this.tracking = tracking;
		this.channels = channels;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.audiences = audiences;
		this.launcher = launcher;
		this.queue = queue;
		this.clock = clock;
	}

	public Broadcast create(Actor actor, BroadcastDraft draft) {
		BroadcastPermissions.requireWrite(actor);
		BroadcastPermissions.requireStore(actor, draft.storeId());
		TenantId tenant = actor.requireTenant();
		BroadcastDraft clean = clean(draft);
		UUID id = UUID.randomUUID();
		return this.transactions.inTenant(tenant, () -> {
			List<Object> params = new ArrayList<>(List.of(tenant.value(), id));
			params.addAll(Arrays.asList(BroadcastRows.draftValues(clean)));
			params
				.addAll(Arrays.asList(actor.id(), actor.label(), (actor.role() != null) ? actor.role().name() : null));
			this.jdbc
				.sql("INSERT INTO broadcasts (tenant_id, id, " + BroadcastRows.DRAFT_COLUMNS
						+ ", author_id, author_label, author_role) VALUES (?, ?, " + BroadcastRows.DRAFT_PLACEHOLDERS
						+ ", ?, ?, ?)")
				.params(params)
				.update();
			this.jdbc.sql("INSERT INTO broadcast_stats (tenant_id, broadcast_id) VALUES (?, ?)")
				.params(tenant.value(), id)
				.update();
			Broadcast created = find(tenant, id);
			this.audit.record(actor, "broadcast.created", target(created), null, BroadcastRows.summary(created));
			return created;
		});
	}

	/**
	 * @throws NotFoundException when the tenant has no such broadcast, or a store manager
	 * asks for another store's
	 */
	public Broadcast get(Actor actor, UUID id) {
		BroadcastPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> visible(actor, find(tenant, id)));
	}

	/** Newest first; store managers see their stores' broadcasts only. */
	public Page<Broadcast> list(Actor actor, @Nullable BroadcastStatus status, Pageable pageable) {
		BroadcastPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		StringBuilder where = new StringBuilder("tenant_id = ?");
		List<Object> params = new ArrayList<>(List.of(tenant.value()));
		if (status != null) {
			where.append(" AND status = ?");
			params.add(status.key());
		}
		if (actor.hasRole(Role.STORE_MANAGER)) {
			where.append(" AND store_id = ANY (?)");
			params.add(actor.storeIds().stream().map(StoreId::value).toArray(UUID[]::new));
		}
		return this.transactions.readInTenant(tenant, () -> {
			long total = this.jdbc.sql("SELECT count(*) FROM broadcasts WHERE " + where)
				.params(params)
				.query(Long.class)
				.single();
			List<Object> pageParams = new ArrayList<>(params);
			pageParams.add(pageable.getPageSize());
			pageParams.add(pageable.getOffset());
			List<Broadcast> items = this.jdbc
				.sql("SELECT " + BroadcastRows.COLUMNS + " FROM broadcasts WHERE " + where
						+ " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
				.params(pageParams)
				.query(BroadcastRows::broadcast)
				.list();
			return new PageImpl<>(items, pageable, total);
		});
	}

	/**
	 * Changes what a broadcast sends, to whom or when. A submitted or scheduled broadcast
	 * goes back to draft and loses its approval.
	 * @param expectedVersion the version the caller edited, or {@code null} to skip the
	 * check
	 */
	public Broadcast update(Actor actor, UUID id, BroadcastDraft draft, @Nullable Long expectedVersion) {
		BroadcastPermissions.requireWrite(actor);
		BroadcastPermissions.requireStore(actor, draft.storeId());
		TenantId tenant = actor.requireTenant();
		BroadcastDraft clean = clean(draft);
		return this.transactions.inTenant(tenant, () -> {
			Broadcast before = visible(actor, lock(tenant, id));
			if (expectedVersion != null && expectedVersion != before.version()) {
				throw new org.springframework.dao.OptimisticLockingFailureException("broadcast " + id);
			}
			if (!before.status().editable()) {
				throw new BroadcastStateException(
						"A broadcast can no longer be edited once it is " + before.status().key());
			}
			List<Object> params = new ArrayList<>(Arrays.asList(BroadcastRows.draftValues(clean)));
			params.addAll(List.of(tenant.value(), id));
			this.jdbc
				.sql("UPDATE broadcasts SET (" + BroadcastRows.DRAFT_COLUMNS + ") = ("
						+ BroadcastRows.DRAFT_PLACEHOLDERS + "), status = 'draft', approved_by = NULL,"
						+ " approved_by_label = NULL, approved_at = NULL, submitted_at = NULL, updated_at = now(),"
						+ " version = version + 1 WHERE tenant_id = ? AND id = ?")
				.params(params)
				.update();
			Broadcast after = find(tenant, id);
			this.audit.record(actor, "broadcast.updated", target(after), BroadcastRows.summary(before),
					BroadcastRows.summary(after));
			return after;
		});
	}

	/**
	 * Creates a draft with its email content in one transaction: nothing is saved when
	 * either is refused.
	 * @param email the email content, for an email broadcast; errors name its fields
	 * {@code email.subject}, {@code email.preheader}, {@code email.html}
	 */
	public Broadcast create(Actor actor, BroadcastDraft draft, @Nullable EmailContent email) {
		if (email == null) {
			return create(actor, draft);
		}
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			Broadcast created = create(actor, draft);
			return writeEmail(actor, created.id(), email, null, "email.");
		});
	}

	/**
	 * Changes a broadcast and its email content in one transaction, as {@link #update}
	 * and {@link #updateEmail} do.
	 */
	public Broadcast update(Actor actor, UUID id, BroadcastDraft draft, @Nullable EmailContent email,
			@Nullable Long expectedVersion) {
		if (email == null) {
			return update(actor, id, draft, expectedVersion);
		}
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			Broadcast updated = update(actor, id, draft, expectedVersion);
			return writeEmail(actor, id, email, updated.version(), "email.");
		});
	}

	/**
	 * Creates a draft with its email content and WhatsApp text in one transaction.
	 * @param whatsappBody WhatsApp's own Liquid text, for a broadcast that lists WhatsApp
	 * beside another text channel (errors name {@code whatsappBody}); blank: WhatsApp
	 * says the shared text body; {@code null}: nothing to write
	 */
	public Broadcast create(Actor actor, BroadcastDraft draft, @Nullable EmailContent email,
			@Nullable String whatsappBody) {
		if (whatsappBody == null) {
			return create(actor, draft, email);
		}
		return this.transactions.inTenant(actor.requireTenant(),
				() -> writeWhatsApp(actor, create(actor, draft, email), whatsappBody));
	}

	/**
	 * Changes a broadcast, its email content and its WhatsApp text in one transaction.
	 * @param whatsappBody as for
	 * {@link #create(Actor, BroadcastDraft, EmailContent, String)}; {@code null} leaves
	 * it as it is
	 */
	public Broadcast update(Actor actor, UUID id, BroadcastDraft draft, @Nullable EmailContent email,
			@Nullable String whatsappBody, @Nullable Long expectedVersion) {
		if (whatsappBody == null) {
			return update(actor, id, draft, email, expectedVersion);
		}
		return this.transactions.inTenant(actor.requireTenant(),
				() -> writeWhatsApp(actor, update(actor, id, draft, email, expectedVersion), whatsappBody));
	}

	/**
	 * WhatsApp's own text, when it does not say the shared text body.
	 * @throws NotFoundException as {@link #get}
	 */
	public Optional<String> whatsappBody(Actor actor, UUID id) {
		get(actor, id);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> findWhatsApp(tenant, id));
	}

	/**
	 * Writes WhatsApp's own text (or removes it: blank), in the transaction that just
	 * created or updated the broadcast (which checked it may be edited).
	 */
	private Broadcast writeWhatsApp(Actor actor, Broadcast broadcast, String body) {
		TenantId tenant = actor.requireTenant();
		String clean = body.isBlank() ? null : body;
		if (clean != null) {
			if (clean.length() > MAX_BODY) {
				throw new InvalidInputException("whatsappBody", "Use at most " + MAX_BODY + " characters");
			}
			if (!broadcast.channels().contains(Channel.WHATSAPP)) {
				throw new InvalidInputException("whatsappBody",
						"Only a broadcast sent by WhatsApp has a WhatsApp text: add the WhatsApp channel first");
			}
			this.launcher.compileBody("whatsappBody", clean);
		}
		Optional<String> previous = findWhatsApp(tenant, broadcast.id());
		if (previous.equals(Optional.ofNullable(clean))) {
			return broadcast;
		}
		storeWhatsApp(tenant, broadcast.id(), clean);
		this.audit.record(actor, "broadcast.whatsapp_updated", target(broadcast),
				previous.map((text) -> Map.<String, Object>of("whatsappBodyLength", text.length())).orElse(null),
				(clean != null) ? Map.<String, Object>of("whatsappBodyLength", clean.length()) : null);
		return broadcast;
	}

	private Optional<String> findWhatsApp(TenantId tenant, UUID id) {
		return this.jdbc.sql("""
				SELECT body FROM broadcast_contents
				WHERE tenant_id = ? AND broadcast_id = ? AND channel = 'whatsapp' AND body IS NOT NULL""")
			.params(tenant.value(), id)
			.query(String.class)
			.optional();
	}

	private void storeWhatsApp(TenantId tenant, UUID id, @Nullable String body) {
		if (body == null) {
			this.jdbc
				.sql("DELETE FROM broadcast_contents WHERE tenant_id = ? AND broadcast_id = ? AND channel = 'whatsapp'")
				.params(tenant.value(), id)
				.update();
			return;
		}
		this.jdbc
			.sql("""
					INSERT INTO broadcast_contents (tenant_id, broadcast_id, channel, body) VALUES (?, ?, 'whatsapp', ?)
					ON CONFLICT (tenant_id, broadcast_id, channel) DO UPDATE SET body = EXCLUDED.body, updated_at = now()""")
			.params(tenant.value(), id, body)
			.update();
	}

	/**
	 * The email content of a broadcast, once written.
	 * @throws NotFoundException as {@link #get}
	 */
	public Optional<EmailContent> email(Actor actor, UUID id) {
		get(actor, id);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> findEmail(tenant, id));
	}

	/**
	 * Sets what an email broadcast says: subject, preheader and HTML (sanitized, Liquid
	 * checked). Like {@link #update}, it takes a submitted or scheduled broadcast back to
	 * draft without its approval.
	 * @param expectedVersion the version the caller edited, or {@code null} to skip the
	 * check
	 * @throws InvalidInputException for each bad part, or when the broadcast is not an
	 * email broadcast
	 */
	public Broadcast updateEmail(Actor actor, UUID id, EmailContent content, @Nullable Long expectedVersion) {
		return writeEmail(actor, id, content, expectedVersion, "");
	}

	private Broadcast writeEmail(Actor actor, UUID id, EmailContent content, @Nullable Long expectedVersion,
			String prefix) {
		BroadcastPermissions.requireWrite(actor);
		TenantId tenant = actor.requireTenant();
		EmailContent clean = this.emails.check(prefix, content.subject(), content.preheader(), content.html());
		return this.transactions.inTenant(tenant, () -> {
			Broadcast before = visible(actor, lock(tenant, id));
			if (expectedVersion != null && expectedVersion != before.version()) {
				throw new org.springframework.dao.OptimisticLockingFailureException("broadcast " + id);
			}
			if (!before.status().editable()) {
				throw new BroadcastStateException(
						"A broadcast can no longer be edited once it is " + before.status().key());
			}
			if (!before.channels().contains(Channel.EMAIL)) {
				throw new InvalidInputException(prefix.isEmpty() ? "channel" : "email",
						"Only a broadcast sent by email has a subject and HTML: add the email channel first");
			}
			Optional<EmailContent> previous = findEmail(tenant, id);
			writeEmail(tenant, id, clean);
			this.jdbc.sql("""
					UPDATE broadcasts SET status = 'draft', approved_by = NULL, approved_by_label = NULL,
					    approved_at = NULL, submitted_at = NULL, updated_at = now(), version = version + 1
					WHERE tenant_id = ? AND id = ?""").params(tenant.value(), id).update();
			Broadcast after = find(tenant, id);
			this.audit.record(actor, "broadcast.email_updated", target(after),
					previous.map(BroadcastService::emailSummary).orElse(null), emailSummary(clean));
			return after;
		});
	}

	private Optional<EmailContent> findEmail(TenantId tenant, UUID id) {
		return this.jdbc.sql("""
				SELECT subject, preheader, html FROM broadcast_contents
				WHERE tenant_id = ? AND broadcast_id = ? AND channel = 'email' AND html IS NOT NULL""")
			.params(tenant.value(), id)
			.query((rs, row) -> new EmailContent(String.valueOf(rs.getString("subject")), rs.getString("preheader"),
					rs.getString("html")))
			.optional();
	}

	private void writeEmail(TenantId tenant, UUID id, EmailContent content) {
		this.jdbc.sql("""
				INSERT INTO broadcast_contents (tenant_id, broadcast_id, channel, subject, preheader, html)
				VALUES (?, ?, 'email', ?, ?, ?)
				ON CONFLICT (tenant_id, broadcast_id, channel) DO UPDATE SET subject = EXCLUDED.subject,
				    preheader = EXCLUDED.preheader, html = EXCLUDED.html, updated_at = now()""")
			.params(tenant.value(), id, content.subject(), content.preheader(), content.html())
			.update();
	}

	private static Map<String, Object> emailSummary(EmailContent content) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("subject", content.subject());
		if (content.preheader() != null) {
			summary.put("preheader", content.preheader());
		}
		summary.put("htmlLength", content.html().length());
		return summary;
	}

	/** Asks a tenant admin to approve it. */
	public Broadcast submit(Actor actor, UUID id) {
		BroadcastPermissions.requireWrite(actor);
		return transition(actor, id, "broadcast.submitted", (before) -> {
			requireStatus(before, BroadcastStatus.DRAFT);
			requireComplete(actor.requireTenant(), before);
			return "status = 'awaiting_approval', submitted_at = now()";
		}, List.of());
	}

	/**
	 * Approves a submitted broadcast, which schedules it.
	 * @throws PermissionDeniedException for the author, or anyone but a tenant admin
	 */
	public Broadcast approve(Actor actor, UUID id, @Nullable String comment) {
		BroadcastPermissions.requireApprove(actor);
		String clean = comment(comment, false);
		Broadcast approved = transition(actor, id, "broadcast.approved", (before) -> {
			requireStatus(before, BroadcastStatus.AWAITING_APPROVAL);
			requireNotAuthor(actor, before);
			return "status = 'scheduled', approved_by = ?, approved_by_label = ?, approved_at = now(),"
					+ " review_comment = ?";
		}, Arrays.asList(actor.id(), actor.label(), clean));
		this.launcher.scheduleLaunch(actor.requireTenant(), approved, this.clock.instant());
		return approved;
	}

	/** Sends a submitted broadcast back to its author with a comment. */
	public Broadcast reject(Actor actor, UUID id, String comment) {
		BroadcastPermissions.requireApprove(actor);
		String clean = comment(comment, true);
		return transition(actor, id, "broadcast.rejected", (before) -> {
			requireStatus(before, BroadcastStatus.AWAITING_APPROVAL);
			requireNotAuthor(actor, before);
			return "status = 'draft', review_comment = ?";
		}, Arrays.asList(clean));
	}

	/**
	 * Schedules a draft to go out as its schedule says.
	 * @throws BroadcastStateException when the tenant requires approval for the author
	 */
	public Broadcast schedule(Actor actor, UUID id) {
		BroadcastPermissions.requireWrite(actor);
		TenantId tenant = actor.requireTenant();
		BroadcastSettings settings = settings(tenant);
		Broadcast scheduled = transition(actor, id, "broadcast.scheduled", (before) -> {
			requireStatus(before, BroadcastStatus.DRAFT);
			requireComplete(actor.requireTenant(), before);
			Role authorRole = this.jdbc.sql("SELECT author_role FROM broadcasts WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), id)
				.query(String.class)
				.optional()
				.map(Role::valueOf)
				.orElse(Role.TENANT_ADMIN);
			if (settings.approval().requiredFor(authorRole) || settings.approval().requiredFor(actorRole(actor))) {
				throw new BroadcastStateException("This broadcast needs a tenant admin's approval: submit it");
			}
			return "status = 'scheduled'";
		}, List.of());
		this.launcher.scheduleLaunch(tenant, scheduled, this.clock.instant());
		return scheduled;
	}

	/** Sets the schedule to now and schedules it (with the same approval rule). */
	public Broadcast launchNow(Actor actor, UUID id) {
		Broadcast current = get(actor, id);
		if (current.draft().schedule().kind() != Schedule.Kind.NOW) {
			update(actor, id, current.draft().withSchedule(Schedule.NOW), current.version());
		}
		return schedule(actor, id);
	}

	/** Stops claiming its deliveries; those already with a worker finish. */
	public Broadcast pause(Actor actor, UUID id) {
		BroadcastPermissions.requireWrite(actor);
		return transition(actor, id, "broadcast.paused", (before) -> {
			requireStatus(before, BroadcastStatus.SENDING);
			return "status = 'paused'";
		}, List.of());
	}

	public Broadcast resume(Actor actor, UUID id) {
		BroadcastPermissions.requireWrite(actor);
		Broadcast resumed = transition(actor, id, "broadcast.resumed", (before) -> {
			requireStatus(before, BroadcastStatus.PAUSED);
			return "status = 'sending'";
		}, List.of());
		this.queue.finishIfDone(actor.requireTenant(), id);
		return get(actor, id);
	}

	/** Stops it for good: deliveries not yet sent are skipped. */
	public Broadcast cancel(Actor actor, UUID id) {
		BroadcastPermissions.requireWrite(actor);
		TenantId tenant = actor.requireTenant();
		return transition(actor, id, "broadcast.cancelled", (before) -> {
			if (before.status().finished()) {
				throw new BroadcastStateException("The broadcast is already " + before.status().key());
			}
			this.queue.skipQueued(tenant, id, "cancelled");
			return "status = 'cancelled', finished_at = now()";
		}, List.of());
	}

	/** A new draft with the same content, audience and schedule. */
	public Broadcast duplicate(Actor actor, UUID id) {
		Broadcast original = get(actor, id);
		String name = original.name().startsWith("Copy of ") ? original.name() : "Copy of " + original.name();
		if (name.length() > MAX_NAME) {
			name = name.substring(0, MAX_NAME);
		}
		Broadcast copy = create(actor, original.draft().withName(name));
		Optional<EmailContent> email = email(actor, id);
		if (email.isPresent()) {
			this.transactions.runInTenant(actor.requireTenant(),
					() -> writeEmail(actor.requireTenant(), copy.id(), email.get()));
		}
		whatsappBody(actor, id).ifPresent((body) -> this.transactions.runInTenant(actor.requireTenant(),
				() -> storeWhatsApp(actor.requireTenant(), copy.id(), body)));
		this.transactions.runInTenant(actor.requireTenant(), () -> this.audit.record(actor, "broadcast.duplicated",
				target(copy), Map.of("from", original.id().toString()), null));
		return copy;
	}

	/** What launching now would do: matched, excluded by reason, estimates, warnings. */
	public BroadcastReview review(Actor actor, UUID id) {
		Broadcast broadcast = get(actor, id);
		return this.launcher.review(actor.requireTenant(), broadcast);
	}

	/** The broadcast's live counters and send-rate sparkline. */
	public BroadcastStats stats(Actor actor, UUID id) {
		get(actor, id);
		return this.tracking.stats(actor.requireTenant(), id);
	}

	/**
	 * Its counters per channel, in the broadcast's channel order: matched recipients each
	 * channel reaches or excludes (by reason), and its deliveries' progress and cost.
	 */
	public List<ChannelStats> channelStats(Actor actor, UUID id) {
		Broadcast broadcast = get(actor, id);
		return this.tracking.channelStats(actor.requireTenant(), id, broadcast.channels());
	}

	/** A page of its deliveries, optionally of one state, searched by address or name. */
	public Page<RecipientRow> recipients(Actor actor, UUID id, @Nullable DeliveryState state, @Nullable String search,
			Pageable pageable) {
		get(actor, id);
		return this.tracking.recipients(actor.requireTenant(), id, state, search, pageable);
	}

	/**
	 * Puts dead letters back in the queue (all of them when {@code deliveryIds} is
	 * empty), except those of recipients who already fell back to a later channel or
	 * whose address is suppressed now; a completed broadcast goes back to sending.
	 * @return how many were re-queued, and how many were left failed and why
	 */
	public Requeued retryDeadLetters(Actor actor, UUID id, List<UUID> deliveryIds) {
		BroadcastPermissions.requireWrite(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			Broadcast before = visible(actor, lock(tenant, id));
			if (before.status() == BroadcastStatus.CANCELLED || !before.status().finished()
					&& before.status() != BroadcastStatus.SENDING && before.status() != BroadcastStatus.PAUSED) {
				throw new BroadcastStateException(
						"Only a sending, paused or completed broadcast's dead letters can" + " be retried");
			}
			Requeued requeued = this.queue.requeueFailed(tenant, id, deliveryIds);
			if (requeued.requeued() > 0 && before.status().finished()) {
				this.jdbc.sql("""
						UPDATE broadcasts SET status = 'sending', finished_at = NULL, updated_at = now(),
						    version = version + 1 WHERE tenant_id = ? AND id = ?""")
					.params(tenant.value(), id)
					.update();
			}
			this.audit.record(actor, "broadcast.dead_letters_retried", target(before),
					Map.of("status", before.status().key()), Map.of("requeued", requeued.requeued(), "fellBack",
							requeued.fellBack(), "suppressed", requeued.suppressed()));
			return requeued;
		});
	}

	/**
	 * Sends the broadcast's message, rendered without a contact (variables render empty
	 * or their defaults), to each of the tenant's test numbers now, bypassing the queue.
	 */
	public List<TestSendResult> testSend(Actor actor, UUID id) {
		BroadcastPermissions.requireWrite(actor);
		TenantId tenant = actor.requireTenant();
		Broadcast broadcast = get(actor, id);
		BroadcastSettings settings = settings(tenant);
		if (settings.testNumbers().isEmpty()) {
			throw new InvalidInputException("testNumbers", "Add test numbers in the broadcast settings first");
		}
		Channel phone = broadcast.channels()
			.stream()
			.filter(Channel::usesPhone)
			.findFirst()
			.orElseThrow(() -> new InvalidInputException("channel",
					"Test sends go to phone numbers: SMS and WhatsApp only"));
		String body = broadcast.draft().body();
		if (body == null || body.isBlank()) {
			throw new InvalidInputException("body", "Write the message");
		}
		UUID store = (broadcast.storeId() != null) ? broadcast.storeId().value() : null;
		CommunicationChannel channel = this.channels.resolve(tenant.value(), store, phone)
			.orElseThrow(() -> new BroadcastStateException(
					"No provider is set up for " + phone.key() + " and there is no sandbox"));
		String text = this.launcher.render(body, Map.of());
		List<TestSendResult> results = new ArrayList<>();
		for (String number : settings.testNumbers()) {
			SendResult result = channel.send(new OutboundMessage(tenant.value(), store, UUID.randomUUID(), phone,
					number, MessageContent.text(text), String.valueOf(broadcast.draft().category()),
					Map.of("broadcastId", id.toString(), "test", "true")));
			results.add(new TestSendResult(number, result.outcome() == SendResult.Outcome.ACCEPTED, channel.provider(),
					result.errorMessage()));
		}
		this.transactions.runInTenant(tenant,
				() -> this.audit.record(actor, "broadcast.test_sent", target(broadcast), null, Map.of("numbers",
						results.size(), "accepted", results.stream().filter(TestSendResult::accepted).count())));
		return results;
	}

	public BroadcastSettings settings(TenantId tenant) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc
					.sql("SELECT approval_required, test_numbers FROM broadcast_settings WHERE tenant_id = ?")
					.param(tenant.value())
					.query((rs, row) -> {
						Array numbers = rs.getArray("test_numbers");
						return new BroadcastSettings(
								BroadcastSettings.Approval.fromKey(rs.getString("approval_required")),
								(numbers != null) ? Arrays.asList((String[]) numbers.getArray()) : List.of());
					})
					.optional()
					.orElse(BroadcastSettings.DEFAULTS));
	}

	/** Tenant admins set who needs approval and the test numbers (E.164, up to 10). */
	public BroadcastSettings updateSettings(Actor actor, BroadcastSettings settings) {
		BroadcastPermissions.requireSettings(actor);
		TenantId tenant = actor.requireTenant();
		if (settings.testNumbers().size() > BroadcastSettings.MAX_TEST_NUMBERS) {
			throw new InvalidInputException("testNumbers",
					"Use at most " + BroadcastSettings.MAX_TEST_NUMBERS + " test numbers");
		}
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < settings.testNumbers().size(); i++) {
			numbers.add(PhoneNumbers.toE164("testNumbers[" + i + "]", settings.testNumbers().get(i), null));
		}
		BroadcastSettings clean = new BroadcastSettings(settings.approval(), numbers);
		return this.transactions.inTenant(tenant, () -> {
			BroadcastSettings before = settings(tenant);
			this.jdbc.sql("""
					INSERT INTO broadcast_settings (tenant_id, approval_required, test_numbers) VALUES (?, ?, ?)
					ON CONFLICT (tenant_id) DO UPDATE SET approval_required = EXCLUDED.approval_required,
					    test_numbers = EXCLUDED.test_numbers, updated_at = now()""")
				.params(tenant.value(), clean.approval().key(), numbers.toArray(String[]::new))
				.update();
			this.audit.record(actor, "broadcast.settings_updated", AuditTrail.Target.of("tenant", tenant.value()),
					Map.of("approval", before.approval().key(), "testNumbers", before.testNumbers().size()),
					Map.of("approval", clean.approval().key(), "testNumbers", clean.testNumbers().size()));
			return clean;
		});
	}

	/** The broadcast as the actor may see it, for modules and pages built on this one. */
	Broadcast find(TenantId tenant, UUID id) {
		return this.jdbc.sql("SELECT " + BroadcastRows.COLUMNS + " FROM broadcasts WHERE tenant_id = ? AND id = ?")
			.params(tenant.value(), id)
			.query(BroadcastRows::broadcast)
			.optional()
			.orElseThrow(() -> new NotFoundException("Broadcast", id));
	}

	private Broadcast lock(TenantId tenant, UUID id) {
		return this.jdbc
			.sql("SELECT " + BroadcastRows.COLUMNS + " FROM broadcasts WHERE tenant_id = ? AND id = ? FOR UPDATE")
			.params(tenant.value(), id)
			.query(BroadcastRows::broadcast)
			.optional()
			.orElseThrow(() -> new NotFoundException("Broadcast", id));
	}

	private interface Change {

		/** Checks the broadcast and returns the SET clause of its update. */
		String apply(Broadcast before);

	}

	private Broadcast transition(Actor actor, UUID id, String action, Change change, List<?> values) {
		TenantId tenant = actor.requireTenant();
		return this.transactions.inTenant(tenant, () -> {
			Broadcast before = visible(actor, lock(tenant, id));
			String set = change.apply(before);
			List<Object> params = new ArrayList<>(values);
			params.addAll(List.of(tenant.value(), id));
			this.jdbc
				.sql("UPDATE broadcasts SET " + set
						+ ", updated_at = now(), version = version + 1 WHERE tenant_id = ? AND id = ?")
				.params(params)
				.update();
			Broadcast after = find(tenant, id);
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("status", after.status().key());
			if (after.reviewComment() != null && !action.equals("broadcast.submitted")) {
				summary.put("comment", after.reviewComment());
			}
			this.audit.record(actor, action, target(after), Map.of("status", before.status().key()), summary);
			return after;
		});
	}

	static Broadcast visible(Actor actor, Broadcast broadcast) {
		if (!BroadcastPermissions.canSee(actor, broadcast.storeId())) {
			throw new NotFoundException("Broadcast", broadcast.id());
		}
		return broadcast;
	}

	private static void requireStatus(Broadcast broadcast, BroadcastStatus expected) {
		if (broadcast.status() != expected) {
			throw new BroadcastStateException(
					"The broadcast is " + broadcast.status().key() + ", not " + expected.key());
		}
	}

	private static void requireNotAuthor(Actor actor, Broadcast broadcast) {
		if (actor.id() != null && actor.id().equals(broadcast.authorId())) {
			throw new PermissionDeniedException("Someone other than the author must approve or reject it");
		}
	}

	private static Role actorRole(Actor actor) {
		return (actor.role() != null) ? actor.role() : Role.TENANT_ADMIN;
	}

	/** What submitting or scheduling needs beyond a draft. */
	private void requireComplete(TenantId tenant, Broadcast broadcast) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (broadcast.draft().audience() == null) {
			errors.put("audience", "Pick who the broadcast goes to");
		}
		boolean multi = broadcast.draft().multiChannel();
		if (broadcast.channels().contains(Channel.EMAIL) && findEmail(tenant, broadcast.id()).isEmpty()) {
			errors.put("html", multi ? "Write the email (subject and HTML): email is one of the broadcast's channels"
					: "Write the email: subject and HTML");
		}
		if (broadcast.draft().hasTextChannel()
				&& (broadcast.draft().body() == null || broadcast.draft().body().isBlank())) {
			errors.put("body",
					multi ? "Write the text message for " + textChannels(broadcast.draft()) : "Write the message");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
	}

	private BroadcastDraft clean(BroadcastDraft draft) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = draft.name().strip();
		if (name.isEmpty()) {
			errors.put("name", "Give the broadcast a name");
		}
		else if (name.length() > MAX_NAME) {
			errors.put("name", "Use at most " + MAX_NAME + " characters");
		}
		String body = draft.body();
		if (body != null && body.length() > MAX_BODY) {
			errors.put("body", "Use at most " + MAX_BODY + " characters");
		}
		if (draft.unitCostMicros() < 0) {
			errors.put("unitCostMicros", "Use 0 or more");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		if (draft.audience() != null && draft.audience().criteria() != null) {
			this.audiences.validate(draft.audience().criteria());
		}
		if (body != null && !body.isBlank()) {
			this.launcher.compileBody(body);
		}
		String category = (draft.category() != null && !draft.category().isBlank())
				? ContactInputs.attributeKey("category", draft.category()) : "promotional";
		return new BroadcastDraft(name, draft.storeId(), draft.channels(), draft.mode(), draft.audience(),
				draft.templateId(), body, category, draft.schedule(), draft.unitCostMicros());
	}

	private static String textChannels(BroadcastDraft draft) {
		return String.join(" and ",
				draft.channels().stream().filter((channel) -> channel != Channel.EMAIL).map(Channel::key).toList());
	}

	private static String comment(@Nullable String comment, boolean required) {
		String clean = (comment != null) ? comment.strip() : "";
		if (required && clean.isEmpty()) {
			throw new InvalidInputException("comment", "Say why, so the author can fix it");
		}
		if (clean.length() > MAX_COMMENT) {
			throw new InvalidInputException("comment", "Use at most " + MAX_COMMENT + " characters");
		}
		return clean;
	}

	static AuditTrail.Target target(Broadcast broadcast) {
		return (broadcast.storeId() != null)
				? AuditTrail.Target.inStore("broadcast", broadcast.id(), broadcast.storeId())
				: AuditTrail.Target.of("broadcast", broadcast.id());
	}

}
