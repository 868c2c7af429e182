package com.herald.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.herald.channel.ChannelRegistry;
import com.herald.channel.CommunicationChannel;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.StatusUpdate;
import com.herald.consent.Channel;
import com.herald.delivery.ClaimedDelivery;
import com.herald.delivery.DeliveryQueue;
import com.herald.delivery.DeliveryStatusRecorder;
import com.herald.delivery.SendOutcome;
import com.herald.pricing.PricingService;
import com.herald.pricing.SmsRates;
import com.herald.template.CompiledTemplate;
import com.herald.template.EmailComposer;
import com.herald.template.EmailContent;
import com.herald.template.EmailFooter;
import com.herald.template.EmailFooters;
import com.herald.template.RenderedEmail;
import com.herald.template.MessageRenderer;
import com.herald.template.SmsSegments;

/**
 * One round of dispatch work, callable from any thread on any node: for each tenant ×
 * channel with a broadcast sending, reserve quota tokens, claim that many due deliveries,
 * render and send them, and record the outcomes. {@link DispatchWorkers} calls it in a
 * loop; tests and benchmarks call it directly.
 */
@Component
public class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private final DeliveryQueue queue;

	private final DeliveryStatusRecorder statuses;

	private final ChannelRegistry channels;

	private final DispatchThrottle throttle;

	private final MessageRenderer renderer;

	private final DispatchProperties properties;

	private final CircuitBreakerRegistry breakers;

	private final Clock clock;

	private final PricingService pricing;

	private final Map<String, CompiledTemplate> templates = new ConcurrentHashMap<>();

	/** Deliveries this node's workers have claimed and not yet recorded. */
	private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

	private final Map<EmailContent, EmailComposer.Compiled> emailTemplates = new ConcurrentHashMap<>();

	private final EmailComposer emails;

	private final EmailFooters footers;

	private final BatchSender batches;

	private final LaneSenders senders;

	Dispatcher(DeliveryQueue queue, DeliveryStatusRecorder statuses, ChannelRegistry channels,
			DispatchThrottle throttle, MessageRenderer renderer, DispatchProperties properties, Clock clock,
			EmailComposer emails, EmailFooters footers, PricingService pricing, LaneSenders senders) {
		this.senders = senders;
		this.emails = emails;
		this.footers = footers;
		this.pricing = pricing;
		this.queue = queue;
		this.statuses = statuses;
		this.channels = channels;
		this.throttle = throttle;
		this.renderer = renderer;
		this.properties = properties;
		this.clock = clock;
		this.batches = new BatchSender(queue, properties, clock, this::backoff);
		DispatchProperties.Breaker breaker = properties.breaker();
		this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(breaker.failureRatePercent())
			.slidingWindowSize(breaker.window())
			.minimumNumberOfCalls(Math.min(breaker.window(), 10))
			.waitDurationInOpenState(breaker.openFor())
			.permittedNumberOfCallsInHalfOpenState(3)
			.build());
	}

	/**
	 * The circuit breaker of a provider (one per provider name, shared by its tenants).
	 */
	public CircuitBreaker breaker(String provider) {
		return this.breakers.circuitBreaker(provider);
	}

	/**
	 * Dispatches one batch per active tenant × channel and sender.
	 * @param worker a name for the claims ({@code node:thread})
	 * @return how many deliveries were handed to providers (or failed) this round
	 */
	public int dispatchOnce(String worker) {
		List<DeliveryQueue.Lane> lanes = new ArrayList<>(this.queue.activeLanes());
		Collections.shuffle(lanes);
		int handled = 0;
		for (DeliveryQueue.Lane lane : lanes) {
			try {
				handled += dispatch(lane, worker);
			}
			catch (RuntimeException ex) {
				log.warn("Dispatch for tenant {} on {} failed: {}", lane.tenant().value(), lane.channel().key(),
						ex.toString());
			}
		}
		return handled;
	}

	private int dispatch(DeliveryQueue.Lane lane, String worker) {
		Provider provider = provider(lane);
		if (provider == null) {
			return 0;
		}
		// each sender's deliveries in a batch of their own, at that sender's rate; in
		// random order, so no sender has the first go at the tenant's quota every round
		List<LaneSenders.Group> groups = new ArrayList<>(
				this.senders.of(lane.tenant(), lane.channel(), provider.channel()));
		Collections.shuffle(groups);
		int handled = 0;
		for (LaneSenders.Group group : groups) {
			SendPermits permits = permits(lane, provider, group.sender(), group.limit(), this.properties.batchSize());
			List<ClaimedDelivery> claimed = this.queue.claim(lane.tenant(), lane.channel(), permits.granted(), worker,
					provider.channel().provider(), group.stores());
			permits.claimed(claimed.size());
			handled += send(lane, provider, permits, claimed, worker);
		}
		return handled;
	}

	private SendPermits permits(DeliveryQueue.Lane lane, Provider provider, String sender, RateLimit limit,
			int wanted) {
		return this.throttle.permits(lane.tenant(), lane.channel(), provider.channel().provider(), sender, limit,
				wanted);
	}

	/**
	 * Failover: the tenant's first provider whose circuit is closed; while the primary's
	 * is open its secondary takes the lane. Only deliveries not (or definitely not) sent
	 * are claimed, so none goes out twice; unknown outcomes stay with the provider that
	 * tried.
	 */
	private @Nullable Provider provider(DeliveryQueue.Lane lane) {
		List<CommunicationChannel> candidates = this.channels.candidates(lane.tenant().value(), null, lane.channel());
		for (CommunicationChannel candidate : candidates) {
			CircuitBreaker candidateBreaker = breaker(candidate.provider());
			if (candidateBreaker.tryAcquirePermission()) {
				candidateBreaker.releasePermission();
				return new Provider(candidate, candidateBreaker, candidates.size() > 1);
			}
		}
		return null;
	}

	/**
	 * Sends a batch a worker of this node claimed (tests hold a claim and send it later,
	 * as a slow worker would).
	 * @return how many were handed to the provider (or failed)
	 */
	int sendClaimed(DeliveryQueue.Lane lane, List<ClaimedDelivery> claimed, String worker) {
		Provider provider = provider(lane);
		if (provider == null) {
			return 0;
		}
		CommunicationChannel channel = provider.channel();
		SendPermits permits = permits(lane, provider, channel.sender(lane.tenant().value(), null),
				channel.rateLimit(lane.tenant().value(), null), claimed.size());
		permits.claimed(claimed.size());
		return send(lane, provider, permits, claimed, worker);
	}

	private int send(DeliveryQueue.Lane lane, Provider provider, SendPermits permits, List<ClaimedDelivery> claimed,
			String worker) {
		if (claimed.isEmpty()) {
			return 0;
		}
		List<UUID> ids = claimed.stream().map(ClaimedDelivery::id).toList();
		this.inFlight.addAll(ids);
		try {
			// consent, suppression, category and pause are checked again now, for the
			// whole
			// batch at once: a change made since the claim still stops the message
			List<ClaimedDelivery> wanted = this.queue.skipNoLongerWanted(lane.tenant(), claimed);
			permits.claimed(wanted.size());
			// what each SMS costs: its segments at the tenant's price for the recipient's
			// country
			SmsRates rates = (lane.channel() == Channel.SMS) ? this.pricing.rates(lane.tenant()) : null;
			List<SendOutcome> outcomes = sendAll(lane, provider, permits, wanted, rates, ids, worker);
			if (lane.channel() == Channel.EMAIL) {
				outcomes = withEmailCost(outcomes, this.pricing.emailMicros(lane.tenant()));
			}
			this.queue.record(lane.tenant(), lane.channel(), outcomes);
			return (int) outcomes.stream().filter((outcome) -> outcome.result() != null).count();
		}
		finally {
			permits.close();
			this.inFlight.removeAll(ids);
		}
	}

	/** Every email costs the same: the tenant's price per email (counted once sent). */
	private static List<SendOutcome> withEmailCost(List<SendOutcome> outcomes, long micros) {
		return outcomes.stream()
			.map((outcome) -> (outcome.result() != null)
					? new SendOutcome(outcome.delivery(), outcome.result(), outcome.retryAt(), 0, micros) : outcome)
			.toList();
	}

	/**
	 * Sends a batch with up to {@code herald.dispatch.concurrency} requests in flight:
	 * one at a time, a provider answering in 50 ms would cap a worker at 20 messages a
	 * second. Messages are rendered first, here, so a render that fails or overruns fails
	 * its own delivery only. Claims are renewed while the sends are out, so a slow batch
	 * does not look abandoned to other nodes' reconcilers.
	 */
	private List<SendOutcome> sendAll(DeliveryQueue.Lane lane, Provider provider, SendPermits permits,
			List<ClaimedDelivery> claimed, @Nullable SmsRates rates, List<UUID> ids, String worker) {
		if (provider.channel().maxBatchSize() > 1) {
			return this.batches.sendAll(lane, provider.channel(), provider.breaker(), provider.failover(), permits,
					claimed, rates, (delivery, metadata) -> render(lane, delivery, metadata), ids, worker);
		}
		long renewEvery = this.properties.lease().toNanos() / 3;
		long renewed = System.nanoTime();
		Semaphore slots = new Semaphore(this.properties.concurrency());
		List<Future<SendOutcome>> sends = new ArrayList<>(claimed.size());
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (ClaimedDelivery delivery : claimed) {
				Map<String, String> metadata = new HashMap<>();
				metadata.put("broadcastId", delivery.broadcastId().toString());
				Rendered rendered = render(lane, delivery, metadata);
				// paced to the quota; what the window's quota no longer covers waits for
				// the next, not counted as an attempt
				if (!permits.acquire()) {
					sends.add(CompletableFuture.completedFuture(new SendOutcome(delivery, null, permits.nextWindow())));
					continue;
				}
				slots.acquireUninterruptibly();
				sends.add(threads.submit(() -> {
					try {
						return (rendered.content() != null)
								? send(lane, provider.channel(), provider.breaker(), delivery, rendered.content(),
										metadata, rates, provider.failover())
								: new SendOutcome(delivery, SendResult.failed(delivery.id(), "render",
										"The message could not be rendered: " + rendered.error(), false), null);
					}
					finally {
						slots.release();
					}
				}));
				if (System.nanoTime() - renewed > renewEvery) {
					this.queue.renew(lane.tenant(), ids, worker);
					renewed = System.nanoTime();
				}
			}
			List<SendOutcome> outcomes = new ArrayList<>(claimed.size());
			boolean interrupted = false;
			for (int i = 0; i < sends.size(); i++) {
				SendOutcome outcome = null;
				while (outcome == null) {
					try {
						outcome = sends.get(i).get(1, TimeUnit.SECONDS);
					}
					catch (TimeoutException ex) {
						if (System.nanoTime() - renewed > renewEvery) {
							this.queue.renew(lane.tenant(), ids, worker);
							renewed = System.nanoTime();
						}
					}
					catch (ExecutionException ex) {
						// the send's thread failed: the message may have gone, so it is
						// held
						outcome = new SendOutcome(claimed.get(i), SendResult.unknown(claimed.get(i).id(),
								"The send failed: " + ex.getCause().getClass().getSimpleName()), null);
					}
					catch (InterruptedException ex) {
						// the sends are out: their outcomes are still recorded
						interrupted = true;
					}
				}
				outcomes.add(outcome);
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			return outcomes;
		}
	}

	/**
	 * A message rendered for sending, or why it could not be.
	 *
	 * @param content the message, or null
	 * @param error why it could not be rendered
	 */
	record Rendered(@Nullable MessageContent content, @Nullable String error) {
	}

	private Rendered render(DeliveryQueue.Lane lane, ClaimedDelivery delivery, Map<String, String> metadata) {
		try {
			return new Rendered((delivery.email() != null) ? email(lane, delivery, metadata)
					: MessageContent.text(this.renderer.render(template(delivery.body()), delivery.variables())), null);
		}
		catch (RuntimeException ex) {
			// one recipient's data may break a template (a Liquid error, an overrun
			// render): that delivery fails, not the batch
			return new Rendered(null, (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName());
		}
	}

	/**
	 * The provider a batch goes to.
	 *
	 * @param channel the provider
	 * @param breaker its circuit breaker
	 * @param failover whether another provider can take what this one refuses
	 */
	private record Provider(CommunicationChannel channel, CircuitBreaker breaker, boolean failover) {
	}

	/**
	 * @param failover whether another provider can take what this one's open circuit
	 * refuses: then it is due again at once, else after the circuit's open time
	 */
	private SendOutcome send(DeliveryQueue.Lane lane, CommunicationChannel channel, CircuitBreaker breaker,
			ClaimedDelivery delivery, MessageContent content, Map<String, String> metadata, @Nullable SmsRates rates,
			boolean failover) {
		Instant now = this.clock.instant();
		if (!breaker.tryAcquirePermission()) {
			return new SendOutcome(delivery, null, failover ? now : now.plus(this.properties.breaker().openFor()));
		}
		OutboundMessage message = new OutboundMessage(lane.tenant().value(), delivery.storeId(), delivery.id(),
				lane.channel(), delivery.address(), content, delivery.category(), metadata);
		long started = System.nanoTime();
		SendResult result;
		try {
			result = channel.send(message);
		}
		catch (RuntimeException ex) {
			// the SPI says providers never throw; one that does may have sent it
			result = SendResult.unknown(delivery.id(), "The provider failed: " + ex.getClass().getSimpleName());
		}
		long elapsed = System.nanoTime() - started;
		switch (result.outcome()) {
			case ACCEPTED, FAILED -> breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
			case RETRY, UNKNOWN ->
				breaker.onError(elapsed, TimeUnit.NANOSECONDS, new ProviderTrouble(result.errorMessage()));
		}
		Instant retryAt = null;
		if (result.outcome() == SendResult.Outcome.RETRY && delivery.attempts() < this.properties.maxAttempts()) {
			retryAt = now.plus(backoff(delivery.attempts(), result.retryAfter()));
		}
		int segments = (rates != null) ? SmsSegments.of(content.text()).segments() : 0;
		long cost = (rates != null) ? segments * rates.microsPerSegment(delivery.address()) : 0;
		return new SendOutcome(delivery, result, retryAt, segments, cost);
	}

	/**
	 * Exponential backoff with full jitter: a random delay up to base × 2^(attempt − 1),
	 * capped, and never shorter than the provider's {@code Retry-After}.
	 */
	Duration backoff(int attempt, @Nullable Duration retryAfter) {
		long base = this.properties.backoffBase().toMillis();
		long ceiling = Math.min(this.properties.backoffMax().toMillis(),
				base * (1L << Math.min(20, Math.max(0, attempt - 1))));
		long delay = base / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - base / 2 + 1));
		Duration jittered = Duration.ofMillis(Math.min(delay, ceiling));
		return (retryAfter != null && retryAfter.compareTo(jittered) > 0) ? retryAfter : jittered;
	}

	/**
	 * Renders an email delivery: subject, sanitized HTML with the footer marketing email
	 * needs, and the plain-text part; the one-click unsubscribe URL goes in the metadata
	 * for the provider's {@code List-Unsubscribe} header (RFC 8058).
	 */
	private MessageContent email(DeliveryQueue.Lane lane, ClaimedDelivery delivery, Map<String, String> metadata) {
		ClaimedDelivery.Email email = delivery.email();
		EmailContent content = new EmailContent(email.subject(), email.preheader(), email.html());
		EmailFooter footer = this.footers.forDelivery(lane.tenant(), delivery.contactId(), delivery.id(),
				delivery.category(), email.postalAddress());
		if (this.emailTemplates.size() > 100) {
			this.emailTemplates.clear();
		}
		RenderedEmail rendered = this.emails.render(this.emailTemplates.computeIfAbsent(content, this.emails::compile),
				delivery.variables(), footer);
		if (footer.promotional() && footer.unsubscribeUrl() != null) {
			metadata.put(OutboundMessage.UNSUBSCRIBE_URL, footer.unsubscribeUrl());
		}
		return new MessageContent(rendered.text(), rendered.subject(), rendered.html());
	}

	private CompiledTemplate template(String body) {
		if (this.templates.size() > 1000) {
			this.templates.clear();
		}
		return this.templates.computeIfAbsent(body, (source) -> this.renderer.compile("body", source));
	}

	/**
	 * Resolves sends whose outcome is unknown: asks the provider; a message it has is
	 * recorded as its status says, one it never got goes back to the queue. Never
	 * re-sends without asking.
	 * @return how many were resolved
	 */
	public int reconcileOnce() {
		List<DeliveryQueue.Unresolved> unresolved = this.queue.unresolved(this.properties.lease(),
				this.properties.holdDelay(), 100);
		int resolved = 0;
		for (DeliveryQueue.Unresolved delivery : unresolved) {
			if (this.inFlight.contains(delivery.id())) {
				// this node is sending it right now (a stalled batch): asking the
				// provider could find nothing yet and re-queue a message about to go
				continue;
			}
			Optional<CommunicationChannel> provider = (delivery.provider() != null)
					? this.channels.byProvider(delivery.channel(), delivery.provider()) : Optional.empty();
			if (provider.isEmpty()) {
				continue;
			}
			Optional<StatusUpdate> found;
			try {
				// the provider is asked for the very text that went out
				Optional<ClaimedDelivery> claimed = this.queue.find(delivery.tenant(), delivery.id());
				if (claimed.isEmpty()) {
					continue;
				}
				String text = this.renderer.render(template(claimed.get().body()), claimed.get().variables());
				OutboundMessage message = new OutboundMessage(delivery.tenant().value(), delivery.storeId(),
						delivery.id(), delivery.channel(), delivery.address(), MessageContent.text(text),
						delivery.category(), Map.of("broadcastId", delivery.broadcastId().toString()));
				found = provider.get().lookup(message);
			}
			catch (RuntimeException ex) {
				log.info("Lookup of delivery {} failed: {}", delivery.id(), ex.toString());
				continue;
			}
			if (found.isPresent()) {
				StatusUpdate status = found.get();
				this.statuses.apply(
						delivery.provider(), List.of(new StatusUpdate(delivery.id(), status.providerMessageId(),
								status.status(), status.occurredAt(), status.errorCode(), status.errorMessage())),
						List.of());
			}
			else {
				this.queue.requeueUnsent(delivery.tenant(), delivery.id(), delivery.claimedAt());
			}
			resolved++;
		}
		return resolved;
	}

	/** Why a send counted against the breaker. */
	static final class ProviderTrouble extends RuntimeException {

		ProviderTrouble(@Nullable String message) {
			super(message, null, false, false);
		}

	}

}
