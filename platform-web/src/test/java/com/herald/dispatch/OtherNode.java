package com.herald.dispatch;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.channel.ChannelRegistry;
import com.herald.delivery.DeliveryQueue;
import com.herald.delivery.DeliveryStatusRecorder;
import com.herald.pricing.PricingService;
import com.herald.template.EmailComposer;
import com.herald.template.EmailFooters;
import com.herald.template.MessageRenderer;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantTransactions;

/**
 * A second Herald node's dispatcher, in the test's JVM: its own throttle, sender lists
 * and circuit breakers (what a node keeps to itself), the same database (what nodes
 * share: the queue and the Bucket4j buckets).
 */
public final class OtherNode {

	private OtherNode() {
	}

	public static Dispatcher dispatcher(ApplicationContext context) {
		DispatchProperties properties = context.getBean(DispatchProperties.class);
		DispatchThrottle throttle = new DispatchThrottle(context.getBean(DataSource.class),
				context.getBean(JdbcClient.class), context.getBean(TenantTransactions.class), properties);
		return new Dispatcher(context.getBean(DeliveryQueue.class), context.getBean(DeliveryStatusRecorder.class),
				context.getBean(ChannelRegistry.class), throttle, context.getBean(MessageRenderer.class), properties,
				context.getBean(Clock.class), context.getBean(EmailComposer.class), context.getBean(EmailFooters.class),
				context.getBean(PricingService.class), new LaneSenders(context.getBean(StoreService.class)));
	}

}
