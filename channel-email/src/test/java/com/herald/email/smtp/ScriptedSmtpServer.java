package com.herald.email.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SMTP server (RFC 5321, no TLS) for the cases a real server will not act out on
 * demand: per recipient it can refuse RCPT with a given reply, or take the message's DATA
 * and then drop the connection without answering; it can also close every connection
 * after one message (as servers do with idle ones). It keeps each message's raw bytes as
 * received (dot-unstuffed), and counts connections. Shipped in the test-jar.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

	private final ServerSocket socket;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();

	private final List<String> dropAfterData = new CopyOnWriteArrayList<>();

	private final List<byte[]> messages = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean closeAfterMessage;

	public ScriptedSmtpServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/** RCPT TO this address gets this reply ({@code 550 5.1.1 User unknown}). */
	public void replyToRcpt(String address, String reply) {
		this.rcptReplies.put(address.toLowerCase(java.util.Locale.ROOT), reply);
	}

	/**
	 * A message to this address is read in full, then the connection is closed
	 * unanswered.
	 */
	public void dropAfterData(String address) {
		this.dropAfterData.add(address.toLowerCase(java.util.Locale.ROOT));
	}

	/** Closes each connection (without a reply) once a message has been taken. */
	public void closeAfterEachMessage() {
		this.closeAfterMessage = true;
	}

	public List<byte[]> messages() {
		return this.messages;
	}

	public int connections() {
		return this.connections.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				this.connections.incrementAndGet();
				this.threads.execute(() -> serve(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			InputStream in = client.getInputStream();
			OutputStream out = client.getOutputStream();
			reply(out, "220 scripted.test ESMTP");
			String recipient = null;
			String line;
			while ((line = readLine(in)) != null) {
				String upper = line.toUpperCase(java.util.Locale.ROOT);
				if (upper.startsWith("EHLO")) {
					reply(out, "250-scripted.test\r\n250 8BITMIME");
				}
				else if (upper.startsWith("HELO") || upper.startsWith("MAIL FROM") || upper.startsWith("NOOP")) {
					reply(out, "250 OK");
				}
				else if (upper.startsWith("RSET")) {
					recipient = null;
					reply(out, "250 OK");
				}
				else if (upper.startsWith("RCPT TO")) {
					String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'))
						.toLowerCase(java.util.Locale.ROOT);
					String scripted = this.rcptReplies.get(address);
					if (scripted != null) {
						reply(out, scripted);
					}
					else {
						recipient = address;
						reply(out, "250 OK");
					}
				}
				else if (upper.equals("DATA")) {
					reply(out, "354 End data with <CR><LF>.<CR><LF>");
					byte[] data = readData(in);
					if (recipient != null && this.dropAfterData.contains(recipient)) {
						return;
					}
					this.messages.add(data);
					reply(out, "250 OK queued");
					if (this.closeAfterMessage) {
						return;
					}
				}
				else if (upper.startsWith("QUIT")) {
					reply(out, "221 Bye");
					return;
				}
				else {
					reply(out, "502 Command not implemented");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static byte[] readData(InputStream in) throws IOException {
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		String line;
		while ((line = readLine(in)) != null && !line.equals(".")) {
			String unstuffed = line.startsWith("..") ? line.substring(1) : line;
			data.write(unstuffed.getBytes(StandardCharsets.ISO_8859_1));
			data.write('\r');
			data.write('\n');
		}
		return data.toByteArray();
	}

	/** One CRLF-terminated line, bytes kept as they are (ISO-8859-1 maps them 1:1). */
	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int b;
		while ((b = in.read()) != -1) {
			if (previous == '\r' && b == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
			previous = b;
		}
		return null;
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		this.threads.shutdownNow();
	}

}
