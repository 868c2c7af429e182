package com.herald.email.smtp;

import java.io.OutputStream;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Open SMTP connections, kept and reused across messages: a bounded pool per server (at
 * most {@code connectionsPerServer} connections; senders wait for a free one). A
 * connection goes back to its pool after a successful send, and is closed after
 * {@code messagesPerConnection} messages, after idling too long, or after any failure. A
 * reused connection the server had already dropped is replaced and the message sent once
 * more, which is safe because the server never got to the message's DATA.
 */
public class SmtpConnections implements AutoCloseable {

	private final SmtpProperties properties;

	private final String heloName;

	private final Map<SmtpServer, ServerPool> pools = new ConcurrentHashMap<>();

	private final AtomicLong opened = new AtomicLong();

	/**
	 * @param properties pool sizes and timeouts
	 * @param heloName the name Herald gives in EHLO (its public host name)
	 */
	public SmtpConnections(SmtpProperties properties, String heloName) {
		this.properties = properties;
		this.heloName = heloName;
	}

	/**
	 * Sends one message to its recipients over a pooled connection to the server.
	 * @throws SmtpFailure when the server refused it or the connection failed; says
	 * whether the message's content had started to go out
	 */
	public void send(SmtpServer server, MimeMessage message, Address[] recipients) throws SmtpFailure {
		ServerPool pool = this.pools.computeIfAbsent(server, ServerPool::new);
		pool.acquire();
		try {
			Connection connection = pool.borrow();
			try {
				connection.send(message, recipients);
				pool.giveBack(connection);
			}
			catch (SmtpFailure failure) {
				connection.close();
				if (!connection.fresh && failure.beforeData()
						&& (failure.replyCode() == -1 || failure.replyCode() == 421)) {
					// a kept connection the server had closed (timeout, 421): once more
					// on a new one
					Connection replacement = pool.open();
					try {
						replacement.send(message, recipients);
						pool.giveBack(replacement);
					}
					catch (SmtpFailure again) {
						replacement.close();
						throw again;
					}
				}
				else {
					throw failure;
				}
			}
		}
		finally {
			pool.release();
		}
	}

	/** How many connections were opened so far, across servers (reuse keeps this low). */
	public long connectionsOpened() {
		return this.opened.get();
	}

	/** Closes every idle connection (in use ones close when given back). */
	@Override
	public void close() {
		this.pools.values().forEach(ServerPool::closeIdle);
		this.pools.clear();
	}

	/** Closes the idle connections to one server, after its settings changed. */
	public void forget(SmtpServer server) {
		ServerPool pool = this.pools.remove(server);
		if (pool != null) {
			pool.closeIdle();
		}
	}

	private final class ServerPool {

		private final SmtpServer server;

		private final Session session;

		private final Semaphore permits;

		private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

		ServerPool(SmtpServer server) {
			this.server = server;
			this.session = Session.getInstance(sessionProperties(server));
			this.permits = new Semaphore(SmtpConnections.this.properties.connectionsPerServer(), true);
		}

		void acquire() throws SmtpFailure {
			try {
				if (!this.permits.tryAcquire(SmtpConnections.this.properties.waitForConnection().toMillis(),
						TimeUnit.MILLISECONDS)) {
					throw SmtpFailure.unavailable("No free connection to " + this.server + " in time");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw SmtpFailure.unavailable("Interrupted while waiting for a connection to " + this.server);
			}
		}

		void release() {
			this.permits.release();
		}

		/** The most recently used live connection, else a new one. */
		Connection borrow() throws SmtpFailure {
			long now = System.nanoTime();
			Connection connection;
			while ((connection = this.idle.pollFirst()) != null) {
				// no NOOP round trip to check it: a dropped one fails before DATA and is
				// replaced
				if (now - connection.lastUsed < SmtpConnections.this.properties.idleTimeout().toNanos()) {
					return connection;
				}
				connection.close();
			}
			return open();
		}

		Connection open() throws SmtpFailure {
			boolean ssl = this.server.security() == SmtpSecurity.SSL;
			TrackedTransport transport = new TrackedTransport(this.session, ssl);
			try {
				transport.connect(this.server.host(), this.server.port(), this.server.username(),
						this.server.password());
			}
			catch (MessagingException ex) {
				throw SmtpFailure.connecting(this.server, ex);
			}
			SmtpConnections.this.opened.incrementAndGet();
			return new Connection(transport);
		}

		void giveBack(Connection connection) {
			connection.fresh = false;
			connection.lastUsed = System.nanoTime();
			if (connection.sent >= SmtpConnections.this.properties.messagesPerConnection()) {
				connection.close();
			}
			else {
				this.idle.offerFirst(connection);
			}
		}

		void closeIdle() {
			Connection connection;
			while ((connection = this.idle.pollFirst()) != null) {
				connection.close();
			}
		}

	}

	private Properties sessionProperties(SmtpServer server) {
		String protocol = (server.security() == SmtpSecurity.SSL) ? "smtps" : "smtp";
		String prefix = "mail." + protocol + ".";
		Properties props = new Properties();
		props.put(prefix + "host", server.host());
		props.put(prefix + "port", String.valueOf(server.port()));
		props.put(prefix + "auth", String.valueOf(server.username() != null));
		props.put(prefix + "connectiontimeout", String.valueOf(this.properties.connectTimeout().toMillis()));
		props.put(prefix + "timeout", String.valueOf(this.properties.readTimeout().toMillis()));
		props.put(prefix + "localhost", this.heloName);
		props.put(prefix + "quitwait", "false");
		if (server.security() == SmtpSecurity.STARTTLS) {
			props.put(prefix + "starttls.enable", "true");
			props.put(prefix + "starttls.required", "true");
		}
		if (server.security() != SmtpSecurity.NONE) {
			props.put(prefix + "ssl.checkserveridentity", "true");
		}
		return props;
	}

	private static final class Connection {

		final TrackedTransport transport;

		boolean fresh = true;

		int sent;

		long lastUsed = System.nanoTime();

		Connection(TrackedTransport transport) {
			this.transport = transport;
		}

		void send(MimeMessage message, Address[] recipients) throws SmtpFailure {
			try {
				this.transport.sendMessage(message, recipients);
				this.sent++;
			}
			catch (MessagingException ex) {
				throw SmtpFailure.sending(ex, this.transport.dataStarted);
			}
		}

		void close() {
			try {
				this.transport.close();
			}
			catch (MessagingException ex) {
				// already gone: nothing to release
			}
		}

	}

	/**
	 * Angus's transport, noting whether the server accepted DATA for the current message
	 * (its content may then have arrived even if the final reply never did).
	 */
	static final class TrackedTransport extends SMTPTransport {

		volatile boolean dataStarted;

		TrackedTransport(Session session, boolean ssl) {
			super(session, new URLName(ssl ? "smtps" : "smtp", null, -1, null, null, null), ssl ? "smtps" : "smtp",
					ssl);
		}

		@Override
		protected void mailFrom() throws MessagingException {
			this.dataStarted = false;
			super.mailFrom();
		}

		@Override
		protected OutputStream data() throws MessagingException {
			OutputStream out = super.data();
			this.dataStarted = true;
			return out;
		}

	}

}
