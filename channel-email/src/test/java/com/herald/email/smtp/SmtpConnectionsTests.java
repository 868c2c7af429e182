package com.herald.email.smtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.herald.channel.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Pooled SMTP connections against a scripted SMTP server: connections are reused across
 * messages and bounded per server, replaced when the server dropped them, and SMTP
 * replies map to what the engine should do (4xx retry, 5xx fail, 550 unknown mailbox is a
 * bounce, a connection lost after DATA is an unknown outcome).
 */
class SmtpConnectionsTests {

	private ScriptedSmtpServer server;

	private SmtpConnections connections;

	@BeforeEach
	void start() throws Exception {
		this.server = new ScriptedSmtpServer();
		this.connections = connections(2, 100);
	}

	@AfterEach
	void stop() throws Exception {
		this.connections.close();
		this.server.close();
	}

	@Test
	void reusesOneConnectionForManyMessages() throws Exception {
		for (int i = 0; i < 25; i++) {
			send("anna" + i + "@example.org");
		}

		assertThat(this.server.messages()).hasSize(25);
		assertThat(this.server.connections()).isEqualTo(1);
		assertThat(this.connections.connectionsOpened()).isEqualTo(1);
	}

	@Test
	void opensNoMoreThanThePoolAllowsUnderConcurrentSends() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		List<Future<?>> sends = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			String to = "bulk" + i + "@example.org";
			sends.add(threads.submit(() -> {
				send(to);
				return null;
			}));
		}
		for (Future<?> send : sends) {
			send.get();
		}
		threads.shutdown();

		assertThat(this.server.messages()).hasSize(80);
		assertThat(this.server.connections()).isBetween(1, 2);
	}

	@Test
	void startsANewConnectionAfterTheMessagesPerConnectionLimit() throws Exception {
		this.connections.close();
		this.connections = connections(1, 10);

		for (int i = 0; i < 25; i++) {
			send("limit" + i + "@example.org");
		}

		assertThat(this.server.messages()).hasSize(25);
		assertThat(this.server.connections()).isEqualTo(3);
	}

	@Test
	void replacesAConnectionTheServerDroppedAndSendsOnce() throws Exception {
		this.server.closeAfterEachMessage();

		send("first@example.org");
		send("second@example.org");
		send("third@example.org");

		assertThat(this.server.messages()).hasSize(3);
		assertThat(this.server.connections()).isEqualTo(3);
	}

	@Test
	void anUnknownMailboxFailsForGoodAndIsABounce() throws Exception {
		this.server.replyToRcpt("gone@example.org",
				"550 5.1.1 <gone@example.org>: Recipient address rejected: " + "User unknown in local recipient table");

		SmtpFailure failure = catchThrowableOfType(SmtpFailure.class, () -> send("gone@example.org"));
		SendResult result = failure.toResult(UUID.randomUUID());

		assertThat(failure.unknownRecipient()).isTrue();
		assertThat(result.outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(result.errorCode()).isEqualTo("smtp-550");
		assertThat(result.errorMessage()).contains("User unknown").doesNotContain("gone@example.org");
		assertThat(this.server.messages()).isEmpty();
		send("next@example.org");
		assertThat(this.server.messages()).hasSize(1);
	}

	@Test
	void aPolicyRefusalFailsButIsNoBounce() throws Exception {
		this.server.replyToRcpt("blocked@example.org", "550 5.7.1 Message rejected by policy");

		SmtpFailure failure = catchThrowableOfType(SmtpFailure.class, () -> send("blocked@example.org"));

		assertThat(failure.unknownRecipient()).isFalse();
		assertThat(failure.toResult(UUID.randomUUID()).outcome()).isEqualTo(SendResult.Outcome.FAILED);
	}

	@Test
	void aTemporaryRefusalIsRetried() throws Exception {
		this.server.replyToRcpt("busy@example.org", "451 4.7.1 Greylisted, try again later");

		SmtpFailure failure = catchThrowableOfType(SmtpFailure.class, () -> send("busy@example.org"));
		SendResult result = failure.toResult(UUID.randomUUID());

		assertThat(result.outcome()).isEqualTo(SendResult.Outcome.RETRY);
		assertThat(result.errorCode()).isEqualTo("smtp-451");
		assertThat(failure.unknownRecipient()).isFalse();
	}

	@Test
	void aConnectionLostAfterDataIsAnUnknownOutcome() throws Exception {
		this.server.dropAfterData("maybe@example.org");

		SmtpFailure failure = catchThrowableOfType(SmtpFailure.class, () -> send("maybe@example.org"));

		assertThat(failure.beforeData()).isFalse();
		assertThat(failure.toResult(UUID.randomUUID()).outcome()).isEqualTo(SendResult.Outcome.UNKNOWN);
		assertThat(this.server.connections()).as("not sent again on a new connection").isEqualTo(1);
	}

	@Test
	void aServerThatIsNotThereIsRetried() throws Exception {
		int port = this.server.port();
		this.server.close();

		SmtpFailure failure = catchThrowableOfType(SmtpFailure.class,
				() -> this.connections.send(new SmtpServer("127.0.0.1", port, SmtpSecurity.NONE, null, null),
						message("nobody@example.org"), recipients("nobody@example.org")));

		assertThat(failure.toResult(UUID.randomUUID()).outcome()).isEqualTo(SendResult.Outcome.RETRY);
		assertThat(failure.toResult(UUID.randomUUID()).errorCode()).isEqualTo("smtp-connection");
	}

	@Test
	void neverShowsThePassword() {
		SmtpServer withPassword = new SmtpServer("smtp.example.com", 587, SmtpSecurity.STARTTLS, "user",
				"hunter2-secret");

		assertThat(withPassword.toString()).doesNotContain("hunter2");
		assertThatThrownBy(() -> SmtpSecurity.fromKey("maybe")).isInstanceOf(IllegalArgumentException.class);
	}

	private void send(String to) throws Exception {
		this.connections.send(new SmtpServer("127.0.0.1", this.server.port(), SmtpSecurity.NONE, null, null),
				message(to), recipients(to));
	}

	private static MimeMessage message(String to) throws Exception {
		return SmtpMessages.compose(new SmtpMessages.Draft(UUID.randomUUID(), "news@example.com", "News", null, to,
				"Hello", "Hello text", "<p>Hello</p>", Map.of()));
	}

	private static Address[] recipients(String to) throws Exception {
		return new Address[] { new InternetAddress(to) };
	}

	private static SmtpConnections connections(int perServer, int perConnection) {
		return new SmtpConnections(new SmtpProperties(perServer, perConnection, Duration.ofMinutes(1),
				Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 50), "herald.test");
	}

}
