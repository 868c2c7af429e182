package com.herald.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.delivery.ClaimedDelivery;
import com.herald.delivery.DeliveryQueue;
import com.herald.delivery.SendOutcome;
import com.herald.pricing.SmsRates;
import com.herald.template.SmsSegments;

/**
 * The dispatcher's path for providers that take many messages in one request
 * ({@link CommunicationChannel#maxBatchSize()} above one; SendGrid: up to 1,000
 * personalizations, each its own rendered email): messages are rendered and paced one by
 * one as on the single path, then handed over {@code maxBatchSize} at a time with up to
 * {@code herald.dispatch.concurrency} batches in flight. Each message's result counts on
 * the provider's circuit breaker, so a failing request opens it as fast as as many
 * failing single sends; a batch the open circuit refuses is not tried at all.
 */
final class BatchSender {

	/** Renders a delivery, adding to its metadata what the provider needs. */
	interface Renderer {

		Dispatcher.Rendered render(ClaimedDelivery delivery, Map<String, String> metadata);

	}

	/** The retry delay after an attempt ({@link Dispatcher#backoff}). */
	interface Backoff {

		Duration after(int attempt, @Nullable Duration retryAfter);

	}

	private final DeliveryQueue queue;

	private final DispatchProperties properties;

	private final Clock clock;

	private final Backoff backoff;

	BatchSender(DeliveryQueue queue, DispatchProperties properties, Clock clock, Backoff backoff) {
		this.queue = queue;
		this.properties = properties;
		this.clock = clock;
		this.backoff = backoff;
	}

	/**
	 * Sends a claimed batch through a batching provider.
	 * @param failover whether another provider can take what this one's open circuit
	 * refuses: then it is due again at once, else after the circuit's open time
	 * @return one outcome per claimed delivery, in order
	 */
	List<SendOutcome> sendAll(DeliveryQueue.Lane lane, CommunicationChannel channel, CircuitBreaker breaker,
			boolean failover, SendPermits permits, List<ClaimedDelivery> claimed, @Nullable SmsRates rates,
			Renderer renderer, List<UUID> ids, String worker) {
		int size = Math.max(1, channel.maxBatchSize());
		long renewEvery = this.properties.lease().toNanos() / 3;
		long renewed = System.nanoTime();
		SendOutcome[] outcomes = new SendOutcome[claimed.size()];
		Semaphore slots = new Semaphore(this.properties.concurrency());
		List<Future<?>> sends = new ArrayList<>();
		List<List<Integer>> batches = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Integer> pending = new ArrayList<>(Math.min(size, claimed.size()));
			List<OutboundMessage> messages = new ArrayList<>(pending.size());
			Runnable flush = () -> {
				List<Integer> batch = List.copyOf(pending);
				List<OutboundMessage> batchMessages = List.copyOf(messages);
				pending.clear();
				messages.clear();
				slots.acquireUninterruptibly();
				batches.add(batch);
				sends.add(threads.submit(() -> {
					try {
						hand(channel, breaker, failover, rates, claimed, batch, batchMessages, outcomes);
					}
					finally {
						slots.release();
					}
				}));
			};
			for (int i = 0; i < claimed.size(); i++) {
				ClaimedDelivery delivery = claimed.get(i);
				Map<String, String> metadata = new HashMap<>();
				metadata.put("broadcastId", delivery.broadcastId().toString());
				Dispatcher.Rendered rendered = renderer.render(delivery, metadata);
				if (rendered.content() == null) {
					outcomes[i] = new SendOutcome(delivery, SendResult.failed(delivery.id(), "render",
							"The message could not be rendered: " + rendered.error(), false), null);
					continue;
				}
				// paced to the quota like single sends; what the window no longer covers
				// waits for the next, not counted as an attempt
				if (!permits.acquire()) {
					outcomes[i] = new SendOutcome(delivery, null, permits.nextWindow());
					continue;
				}
				pending.add(i);
				messages.add(new OutboundMessage(lane.tenant().value(), delivery.storeId(), delivery.id(),
						lane.channel(), delivery.address(), rendered.content(), delivery.category(), metadata));
				if (pending.size() == size) {
					flush.run();
				}
				if (System.nanoTime() - renewed > renewEvery) {
					this.queue.renew(lane.tenant(), ids, worker);
					renewed = System.nanoTime();
				}
			}
			if (!pending.isEmpty()) {
				flush.run();
			}
			boolean interrupted = false;
			for (int s = 0; s < sends.size(); s++) {
				boolean done = false;
				while (!done) {
					try {
						sends.get(s).get(1, TimeUnit.SECONDS);
						done = true;
					}
					catch (TimeoutException ex) {
						if (System.nanoTime() - renewed > renewEvery) {
							this.queue.renew(lane.tenant(), ids, worker);
							renewed = System.nanoTime();
						}
					}
					catch (ExecutionException ex) {
						// the batch's thread failed: its messages may have gone, so they
						// are held
						for (int i : batches.get(s)) {
							if (outcomes[i] == null) {
								outcomes[i] = new SendOutcome(claimed.get(i), SendResult.unknown(claimed.get(i).id(),
										"The send failed: " + ex.getCause().getClass().getSimpleName()), null);
							}
						}
						done = true;
					}
					catch (InterruptedException ex) {
						// the sends are out: their outcomes are still recorded
						interrupted = true;
					}
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return Arrays.asList(outcomes);
	}

	/** One call of the provider for a batch; writes each message's outcome. */
	private void hand(CommunicationChannel channel, CircuitBreaker breaker, boolean failover, @Nullable SmsRates rates,
			List<ClaimedDelivery> claimed, List<Integer> batch, List<OutboundMessage> messages,
			SendOutcome[] outcomes) {
		Instant now = this.clock.instant();
		if (!breaker.tryAcquirePermission()) {
			Instant again = failover ? now : now.plus(this.properties.breaker().openFor());
			for (int i : batch) {
				outcomes[i] = new SendOutcome(claimed.get(i), null, again);
			}
			return;
		}
		long started = System.nanoTime();
		List<SendResult> results;
		try {
			results = channel.sendBatch(messages);
		}
		catch (RuntimeException ex) {
			// the SPI says providers never throw; one that does may have sent them
			results = messages.stream()
				.map((message) -> SendResult.unknown(message.deliveryId(),
						"The provider failed: " + ex.getClass().getSimpleName()))
				.toList();
		}
		long elapsed = System.nanoTime() - started;
		for (int b = 0; b < batch.size(); b++) {
			ClaimedDelivery delivery = claimed.get(batch.get(b));
			SendResult result = (b < results.size()) ? results.get(b)
					: SendResult.unknown(delivery.id(), "The provider gave no result for this message");
			switch (result.outcome()) {
				case ACCEPTED, FAILED -> breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
				case RETRY, UNKNOWN -> breaker.onError(elapsed, TimeUnit.NANOSECONDS,
						new Dispatcher.ProviderTrouble(result.errorMessage()));
			}
			Instant retryAt = null;
			if (result.outcome() == SendResult.Outcome.RETRY && delivery.attempts() < this.properties.maxAttempts()) {
				retryAt = now.plus(this.backoff.after(delivery.attempts(), result.retryAfter()));
			}
			MessageContent content = messages.get(b).content();
			int segments = (rates != null) ? SmsSegments.of(content.text()).segments() : 0;
			long cost = (rates != null) ? segments * rates.microsPerSegment(delivery.address()) : 0;
			outcomes[batch.get(b)] = new SendOutcome(delivery, result, retryAt, segments, cost);
		}
	}

}
