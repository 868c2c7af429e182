package com.herald.email.sendgrid;

import java.util.List;

import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.email.EmailProperties;
import com.herald.email.EmailRoute;

/**
 * The real {@link SendGridEmailChannel} without a Spring context or database, every
 * tenant sending by the given route, for benchmarks that run as a plain {@code main}.
 * Benchmarks only: it lives in the bench jar.
 */
public final class BenchSendGrid implements AutoCloseable {

	private final SendGridClients clients;

	private final SendGridEmailChannel channel;

	private final EmailRoute route;

	public BenchSendGrid(EmailProperties properties, EmailRoute route) {
		this.clients = new SendGridClients(properties);
		this.channel = new SendGridEmailChannel(null, this.clients, null, properties);
		this.route = route;
	}

	/** Groups, builds and posts the messages as the dispatcher's batch path does. */
	public List<SendResult> sendBatch(List<OutboundMessage> messages) {
		return this.channel.sendBatch(messages, (tenant, store) -> this.route);
	}

	@Override
	public void close() throws Exception {
		this.clients.destroy();
	}

}
