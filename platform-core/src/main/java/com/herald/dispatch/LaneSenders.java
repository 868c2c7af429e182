package com.herald.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.RateLimit;
import com.herald.consent.Channel;
import com.herald.delivery.DeliveryQueue;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantId;

/**
 * The senders of a tenant × channel lane: its stores grouped by the identity the provider
 * sends their messages as (a store with its own number is a group of its own; the rest
 * send as the tenant's sender), each with that sender's rate. Workers claim and throttle
 * one group at a time, so a batch never mixes senders. Kept a few seconds per lane, like
 * the quotas: a settings change reaches every node within that.
 */
@Component
class LaneSenders {

	private static final Duration TTL = Duration.ofSeconds(5);

	private final StoreService stores;

	private final Map<String, Cached> lanes = new ConcurrentHashMap<>();

	LaneSenders(StoreService stores) {
		this.stores = stores;
	}

	/**
	 * One sender's share of a lane.
	 *
	 * @param sender the sending identity ({@link CommunicationChannel#sender})
	 * @param limit its rate
	 * @param stores the stores whose deliveries go out as it
	 */
	record Group(String sender, RateLimit limit, DeliveryQueue.Stores stores) {
	}

	private record Cached(String provider, List<Group> groups, long loadedAt) {
	}

	/** The lane's senders; the tenant's own sender (deliveries of no store) first. */
	List<Group> of(TenantId tenant, Channel channel, CommunicationChannel provider) {
		String key = tenant.value() + ":" + channel.key();
		Cached cached = this.lanes.get(key);
		if (cached != null && cached.provider().equals(provider.provider())
				&& cached.loadedAt() + TTL.toNanos() - System.nanoTime() > 0) {
			return cached.groups();
		}
		List<Group> groups = load(tenant, provider);
		if (this.lanes.size() > 10_000) {
			this.lanes.clear();
		}
		this.lanes.put(key, new Cached(provider.provider(), groups, System.nanoTime()));
		return groups;
	}

	private List<Group> load(TenantId tenant, CommunicationChannel provider) {
		String own = provider.sender(tenant.value(), null);
		Map<String, List<UUID>> others = new LinkedHashMap<>();
		for (Store store : this.stores.listAll(tenant)) {
			UUID id = store.getId().value();
			String sender = provider.sender(tenant.value(), id);
			if (!sender.equals(own)) {
				others.computeIfAbsent(sender, (s) -> new ArrayList<>()).add(id);
			}
		}
		List<Group> groups = new ArrayList<>();
		List<UUID> elsewhere = others.values().stream().flatMap(List::stream).toList();
		groups.add(group(tenant, provider, own, null, new DeliveryQueue.Stores(false, elsewhere)));
		others.forEach((sender, ids) -> groups
			.add(group(tenant, provider, sender, ids.get(0), new DeliveryQueue.Stores(true, List.copyOf(ids)))));
		return List.copyOf(groups);
	}

	private static Group group(TenantId tenant, CommunicationChannel provider, String sender, @Nullable UUID store,
			DeliveryQueue.Stores stores) {
		return new Group(sender, provider.rateLimit(tenant.value(), store), stores);
	}

}
