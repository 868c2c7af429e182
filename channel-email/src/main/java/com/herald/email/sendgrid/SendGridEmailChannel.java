package com.herald.email.sendgrid;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import org.apache.http.conn.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.OutboundMessage;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;
import com.herald.email.EmailAddresses;
import com.herald.email.EmailProperties;
import com.herald.email.EmailRoute;
import com.herald.email.EmailSettingsService;
import com.herald.email.ListUnsubscribe;
import com.herald.tenancy.TenantId;

/**
 * Email through SendGrid's v3 Mail Send API with sendgrid-java. A batch goes out as few
 * requests as possible: messages of the same sender, category and broadcast share one
 * request of up to {@code herald.email.sendgrid.batch-size} personalizations, each with
 * its own subject, List-Unsubscribe headers, {@code custom_args} naming Herald's delivery
 * (how events find it again) and substitutions that rebuild its own rendered body from
 * the body they share ({@link SharedContent}). A message whose own text would exceed
 * SendGrid's 10,000 bytes of substitutions goes in a request of its own.
 */
public class SendGridEmailChannel implements CommunicationChannel {

	/** The custom argument carrying Herald's delivery id through SendGrid's events. */
	public static final String DELIVERY_ARG = "herald_delivery_id";

	/** The custom argument carrying the tenant, so events can be checked against it. */
	public static final String TENANT_ARG = "herald_tenant_id";

	/** SendGrid's limit on one personalization's substitutions, with room to spare. */
	static final int MAX_SUBSTITUTION_BYTES = 9_500;

	private static final int MAX_PERSONALIZATIONS = 1000;

	private final EmailSettingsService settings;

	private final SendGridClients clients;

	private final SendGridEvents events;

	private final EmailProperties properties;

	SendGridEmailChannel(EmailSettingsService settings, SendGridClients clients, SendGridEvents events,
			EmailProperties properties) {
		this.settings = settings;
		this.clients = clients;
		this.events = events;
		this.properties = properties;
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public String provider() {
		return "sendgrid";
	}

	@Override
	public boolean configuredFor(UUID tenantId, @Nullable UUID storeId) {
		return this.settings.resolve(new TenantId(tenantId), storeId).sendsWithSendGrid();
	}

	@Override
	public Optional<String> validateAddress(String address) {
		return EmailAddresses.validate(address);
	}

	@Override
	public SendResult send(OutboundMessage message) {
		return sendBatch(List.of(message)).get(0);
	}

	@Override
	public int maxBatchSize() {
		return Math.max(1, Math.min(MAX_PERSONALIZATIONS, this.properties.sendgrid().batchSize()));
	}

	@Override
	public List<SendResult> sendBatch(List<OutboundMessage> messages) {
		return sendBatch(messages, (tenant, store) -> this.settings.resolve(new TenantId(tenant), store));
	}

	/**
	 * {@link #sendBatch(List)} with the tenants' routes given: the SendGrid benchmark's
	 * way in, the whole path but the settings lookup (database).
	 */
	List<SendResult> sendBatch(List<OutboundMessage> messages, BiFunction<UUID, @Nullable UUID, EmailRoute> routes) {
		SendResult[] results = new SendResult[messages.size()];
		Map<GroupKey, List<Integer>> groups = new LinkedHashMap<>();
		for (int m = 0; m < messages.size(); m++) {
			OutboundMessage message = messages.get(m);
			Optional<String> invalid = validateAddress(message.to());
			if (invalid.isPresent()) {
				results[m] = SendResult.failed(message.deliveryId(), "invalid-address", invalid.get(), false);
				continue;
			}
			groups.computeIfAbsent(GroupKey.of(message), (key) -> new ArrayList<>()).add(m);
		}
		groups.forEach((key, members) -> {
			EmailRoute route = routes.apply(key.tenantId(), key.storeId());
			for (int from = 0; from < members.size(); from += maxBatchSize()) {
				List<Integer> chunk = members.subList(from, Math.min(members.size(), from + maxBatchSize()));
				sendChunk(route, messages, chunk, results);
			}
		});
		return Arrays.asList(results);
	}

	/** One request for the chunk, less any message too different to share its body. */
	private void sendChunk(EmailRoute route, List<OutboundMessage> messages, List<Integer> chunk,
			SendResult[] results) {
		if (route.sendgridApiKey() == null) {
			for (int m : chunk) {
				results[m] = SendResult.retry(messages.get(m).deliveryId(), "not-configured",
						"SendGrid is no longer set up for this tenant", null);
			}
			return;
		}
		List<OutboundMessage> batch = chunk.stream().map(messages::get).toList();
		Bodies bodies = Bodies.of(batch);
		List<Integer> alone = new ArrayList<>();
		for (int b = 0; b < batch.size(); b++) {
			if (bodies.substitutionBytes(b) > MAX_SUBSTITUTION_BYTES) {
				alone.add(chunk.get(b));
			}
		}
		if (!alone.isEmpty() && chunk.size() > 1) {
			List<Integer> shared = chunk.stream().filter((m) -> !alone.contains(m)).toList();
			if (!shared.isEmpty()) {
				sendChunk(route, messages, shared, results);
			}
			for (int m : alone) {
				sendChunk(route, messages, List.of(m), results);
			}
			return;
		}
		List<SendResult> outcome = post(route, batch, bodies);
		for (int b = 0; b < chunk.size(); b++) {
			results[chunk.get(b)] = outcome.get(b);
		}
	}

	private List<SendResult> post(EmailRoute route, List<OutboundMessage> batch, Bodies bodies) {
		String json;
		try {
			json = mail(route, batch, bodies).build();
		}
		catch (IOException ex) {
			return all(batch, (message) -> SendResult.failed(message.deliveryId(), "request",
					"The email could not be encoded for SendGrid", false));
		}
		Request request = new Request();
		request.setMethod(Method.POST);
		request.setEndpoint("mail/send");
		request.setBody(json);
		Response response;
		try {
			response = this.clients.forKey(route.sendgridApiKey()).api(request);
		}
		catch (ConnectTimeoutException | ConnectException ex) {
			// the request never reached SendGrid: safe to send again later
			return all(batch, (message) -> SendResult.retry(message.deliveryId(), "connect",
					"Could not connect to SendGrid", null));
		}
		catch (InterruptedIOException ex) {
			return all(batch, (message) -> SendResult.unknown(message.deliveryId(),
					"SendGrid did not answer in time; the email may have been accepted"));
		}
		catch (IOException ex) {
			return all(batch, (message) -> SendResult.unknown(message.deliveryId(),
					"The connection to SendGrid failed after the request went out: " + ex.getClass().getSimpleName()));
		}
		return outcome(batch, response);
	}

	private static List<SendResult> outcome(List<OutboundMessage> batch, Response response) {
		int status = response.getStatusCode();
		if (status >= 200 && status < 300) {
			String messageId = header(response, "X-Message-Id");
			return all(batch, (message) -> SendResult.accepted(message.deliveryId(),
					(messageId != null) ? messageId : "sendgrid-" + message.deliveryId()));
		}
		String code = String.valueOf(status);
		String error = SendGridErrors.message(response.getBody());
		if (status == 429 || status >= 500) {
			Duration wait = SendGridErrors.retryAfter(header(response, "Retry-After"),
					header(response, "X-RateLimit-Reset"), Instant.now());
			return all(batch, (message) -> SendResult.retry(message.deliveryId(), code,
					"SendGrid answered " + status + ": " + error, wait));
		}
		String reason = switch (status) {
			case 401 -> "SendGrid refused the API key: " + error;
			case 403 -> "The API key may not send email (Mail Send permission) or the sender is not verified: " + error;
			default -> "SendGrid refused the email (" + status + "): " + error;
		};
		return all(batch, (message) -> SendResult.failed(message.deliveryId(), code, reason, false));
	}

	private Mail mail(EmailRoute route, List<OutboundMessage> batch, Bodies bodies) {
		Mail mail = new Mail();
		mail.setFrom(new Email(route.sender().fromAddress(), route.sender().fromName()));
		if (route.sender().replyTo() != null) {
			mail.setReplyTo(new Email(route.sender().replyTo()));
		}
		mail.addContent(new Content("text/plain", bodies.text()));
		if (bodies.hasHtml()) {
			mail.addContent(new Content("text/html", bodies.html()));
		}
		mail.addCategory(batch.get(0).category());
		for (int b = 0; b < batch.size(); b++) {
			OutboundMessage message = batch.get(b);
			Personalization personalization = new Personalization();
			personalization.addTo(new Email(message.to()));
			String subject = message.content().subject();
			personalization.setSubject((subject == null || subject.isBlank()) ? "(no subject)" : subject);
			ListUnsubscribe.headers(message, this.properties.unsubscribeMailto()).forEach(personalization::addHeader);
			personalization.addCustomArg(DELIVERY_ARG, message.deliveryId().toString());
			personalization.addCustomArg(TENANT_ARG, message.tenantId().toString());
			bodies.substitutions(b).forEach(personalization::addSubstitution);
			mail.addPersonalization(personalization);
		}
		return mail;
	}

	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return RateLimit.perSecond(this.properties.sendgrid().messagesPerSecond());
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		return this.events.parse(request);
	}

	/**
	 * SendGrid cannot be asked about one message without the paid Email Activity API, so
	 * a send whose outcome is unknown stays held until SendGrid's event webhook reports
	 * it ({@code processed}, {@code dropped}, …), which resolves it; never re-sent
	 * blindly.
	 */
	@Override
	public Optional<StatusUpdate> lookup(OutboundMessage message) {
		throw new IllegalStateException("SendGrid has no lookup; its event webhook resolves held sends");
	}

	private static @Nullable String header(Response response, String name) {
		for (Map.Entry<String, String> header : response.getHeaders().entrySet()) {
			if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
				return header.getValue();
			}
		}
		return null;
	}

	private static List<SendResult> all(List<OutboundMessage> batch,
			java.util.function.Function<OutboundMessage, SendResult> result) {
		return batch.stream().map(result).toList();
	}

	/**
	 * Messages that may share a request: same sender settings, category and broadcast.
	 */
	private record GroupKey(UUID tenantId, @Nullable UUID storeId, String category, @Nullable String broadcastId,
			boolean html) {

		static GroupKey of(OutboundMessage message) {
			return new GroupKey(message.tenantId(), message.storeId(), message.category(),
					message.metadata().get("broadcastId"), message.content().html() != null);
		}

	}

	/** The shared text and HTML bodies of a batch and each message's substitutions. */
	private record Bodies(SharedContent sharedText, @Nullable SharedContent sharedHtml, String tagPrefix) {

		static Bodies of(List<OutboundMessage> batch) {
			List<String> texts = batch.stream().map((m) -> m.content().text()).toList();
			List<String> htmls = batch.stream().map((m) -> m.content().html()).toList();
			boolean html = htmls.get(0) != null;
			String prefix = tagPrefix(batch);
			return new Bodies(SharedContent.of(texts), html ? SharedContent.of(htmls) : null, prefix);
		}

		/** A tag prefix no message contains, so a substitution can only hit its slot. */
		private static String tagPrefix(List<OutboundMessage> batch) {
			while (true) {
				String prefix = "-hrd" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
				boolean clash = batch.stream()
					.anyMatch((m) -> m.content().text().contains(prefix)
							|| (m.content().html() != null && m.content().html().contains(prefix))
							|| (m.content().subject() != null && m.content().subject().contains(prefix)));
				if (!clash) {
					return prefix;
				}
			}
		}

		boolean hasHtml() {
			return this.sharedHtml != null;
		}

		String text() {
			return this.sharedText.body((slot) -> tag("t", slot));
		}

		String html() {
			return this.sharedHtml.body((slot) -> tag("h", slot));
		}

		Map<String, String> substitutions(int message) {
			Map<String, String> substitutions = new LinkedHashMap<>();
			String[] text = this.sharedText.values(message);
			for (int slot = 0; slot < text.length; slot++) {
				substitutions.put(tag("t", slot), text[slot]);
			}
			if (this.sharedHtml != null) {
				String[] html = this.sharedHtml.values(message);
				for (int slot = 0; slot < html.length; slot++) {
					substitutions.put(tag("h", slot), html[slot]);
				}
			}
			return substitutions;
		}

		int substitutionBytes(int message) {
			int bytes = 0;
			for (Map.Entry<String, String> entry : substitutions(message).entrySet()) {
				bytes += entry.getKey().length() + entry.getValue().getBytes(StandardCharsets.UTF_8).length;
			}
			return bytes;
		}

		private String tag(String part, int slot) {
			return this.tagPrefix + part + slot + "-";
		}

	}

}
