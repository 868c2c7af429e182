package com.herald.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.OutboundMessage;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;

/**
 * A stand-in SMS provider for the whole test suite, serving only the tenants a test
 * enrols (others fall back to the sandbox): it answers each recipient address as the test
 * scripted (accept, fail, opted out, retry N times, unknown outcome, or everyone down)
 * and counts every request it received, per delivery, so tests can prove nothing was sent
 * twice.
 */
@Component
public class ScriptedChannel implements CommunicationChannel {

	public static final String PROVIDER = "scripted";

	private final Set<UUID> tenants = ConcurrentHashMap.newKeySet();

	private final Map<UUID, RateLimit> limits = new ConcurrentHashMap<>();

	private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> retriesLeft = new ConcurrentHashMap<>();

	private final Map<UUID, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final Map<UUID, String> accepted = new ConcurrentHashMap<>();

	private final List<Sent> sent = new CopyOnWriteArrayList<>();

	private final Set<UUID> down = ConcurrentHashMap.newKeySet();

	private final Map<UUID, Duration> latencies = new ConcurrentHashMap<>();

	private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final Map<UUID, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();

	private final Map<UUID, AtomicInteger> answered = new ConcurrentHashMap<>();

	/** What the provider does with a message to an address. */
	public enum Behaviour {

		ACCEPT, INVALID_NUMBER, OPTED_OUT, RETRY, UNKNOWN_BUT_SENT, UNKNOWN_NOT_SENT

	}

	/**
	 * One request as the provider received it.
	 *
	 * @param tenantId the tenant
	 * @param deliveryId Herald's delivery id
	 * @param to the recipient
	 * @param text the rendered text
	 * @param at when it arrived
	 */
	public record Sent(UUID tenantId, UUID deliveryId, String to, String text, Instant at) {
	}

	/** Serves this tenant's SMS from now on. */
	public void enrol(UUID tenantId) {
		this.tenants.add(tenantId);
	}

	public void rateLimit(UUID tenantId, RateLimit limit) {
		this.limits.put(tenantId, limit);
	}

	public void script(String address, Behaviour behaviour) {
		this.behaviours.put(address, behaviour);
	}

	/** Answers 503 this many times, then accepts. */
	public void retries(String address, int times) {
		this.behaviours.put(address, Behaviour.RETRY);
		this.retriesLeft.put(address, new AtomicInteger(times));
	}

	/** Every request of this tenant's gets a 503 (the provider is down) until up. */
	public void down(UUID tenantId, boolean isDown) {
		if (isDown) {
			this.down.add(tenantId);
		}
		else {
			this.down.remove(tenantId);
		}
	}

	/** This tenant's requests take this long to answer. */
	public void latency(UUID tenantId, Duration latency) {
		this.latencies.put(tenantId, latency);
	}

	/** The most requests of this tenant's that were in flight at once. */
	public int mostInFlight(UUID tenantId) {
		return count(this.mostInFlight, tenantId);
	}

	/** How many of this tenant's requests have been answered. */
	public int answered(UUID tenantId) {
		return count(this.answered, tenantId);
	}

	private static int count(Map<UUID, AtomicInteger> counts, UUID key) {
		AtomicInteger count = counts.get(key);
		return (count != null) ? count.get() : 0;
	}

	public int requests(UUID deliveryId) {
		AtomicInteger count = this.requests.get(deliveryId);
		return (count != null) ? count.get() : 0;
	}

	public List<Sent> sent(UUID tenantId) {
		return this.sent.stream().filter((message) -> message.tenantId().equals(tenantId)).toList();
	}

	@Override
	public Channel channel() {
		return Channel.SMS;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	@Override
	public boolean configuredFor(UUID tenantId, @Nullable UUID storeId) {
		return this.tenants.contains(tenantId);
	}

	@Override
	public Optional<String> validateAddress(String address) {
		return address.matches("^\\+[1-9][0-9]{1,14}$") ? Optional.empty() : Optional.of("Not an E.164 number");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		UUID tenant = message.tenantId();
		int now = this.inFlight.computeIfAbsent(tenant, (key) -> new AtomicInteger()).incrementAndGet();
		this.mostInFlight.computeIfAbsent(tenant, (key) -> new AtomicInteger()).accumulateAndGet(now, Math::max);
		try {
			Duration latency = this.latencies.get(tenant);
			if (latency != null) {
				Thread.sleep(latency);
			}
			return answer(message);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return SendResult.unknown(message.deliveryId(), "Interrupted");
		}
		finally {
			this.inFlight.get(tenant).decrementAndGet();
			this.answered.computeIfAbsent(tenant, (key) -> new AtomicInteger()).incrementAndGet();
		}
	}

	private SendResult answer(OutboundMessage message) {
		UUID id = message.deliveryId();
		this.requests.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		if (this.down.contains(message.tenantId())) {
			return SendResult.retry(id, "503", "Service unavailable", null);
		}
		Behaviour behaviour = this.behaviours.getOrDefault(message.to(), Behaviour.ACCEPT);
		switch (behaviour) {
			case INVALID_NUMBER:
				return SendResult.failed(id, "21211", "Invalid 'To' phone number", false);
			case OPTED_OUT:
				return SendResult.failed(id, "21610", "Attempt to send to unsubscribed recipient", true);
			case RETRY:
				if (this.retriesLeft.get(message.to()).getAndDecrement() > 0) {
					return SendResult.retry(id, "429", "Too many requests", Duration.ZERO);
				}
				break;
			case UNKNOWN_BUT_SENT:
				record(message);
				return SendResult.unknown(id, "Connection reset after the request went out");
			case UNKNOWN_NOT_SENT:
				if (this.requests(id) == 1) {
					return SendResult.unknown(id, "Connection reset before an answer");
				}
				break;
			default:
				break;
		}
		return SendResult.accepted(id, record(message));
	}

	private String record(OutboundMessage message) {
		String sid = "SM" + message.deliveryId().toString().replace("-", "");
		this.accepted.put(message.deliveryId(), sid);
		this.sent.add(new Sent(message.tenantId(), message.deliveryId(), message.to(), message.content().text(),
				Instant.now()));
		return sid;
	}

	@Override
	public Optional<StatusUpdate> lookup(OutboundMessage message) {
		String sid = this.accepted.get(message.deliveryId());
		return (sid != null)
				? Optional
					.of(new StatusUpdate(message.deliveryId(), sid, DeliveryStatus.SENT, Instant.now(), null, null))
				: Optional.empty();
	}

	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return this.limits.getOrDefault(tenantId, RateLimit.perSecond(10_000));
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		throw new WebhookRejectedException("The scripted channel takes no webhooks");
	}

}
