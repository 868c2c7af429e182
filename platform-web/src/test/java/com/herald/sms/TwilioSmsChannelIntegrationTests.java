package com.herald.sms;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.channel.StatusUpdate;
import com.herald.consent.Channel;
import com.herald.contact.ContactFixtures;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Twilio channels through the real Twilio SDK against a local server speaking
 * Twilio's Messages API; what Herald sends is checked against Twilio's own OpenAPI
 * description of CreateMessage.
 */
@HeraldWebTest
class TwilioSmsChannelIntegrationTests {

	private static final Pattern E164 = Pattern.compile("^(whatsapp:)?\\+[1-9][0-9]{6,14}$");

	@Autowired
	List<CommunicationChannel> channels;

	@Autowired
	SmsSettingsService settings;

	@Autowired
	SmsStatuses statuses;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	private TwilioTestAccounts.Account account;

	@BeforeEach
	void tenantWithItsOwnTwilioAccount() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.account = TwilioTestAccounts.configure(this.settings, this.admin, "Acme: reply STOP to opt out");
	}

	@Test
	void sendsAnSmsWithTheTenantsAccountAndAStatusCallbackNamingTheDelivery() throws IOException {
		OutboundMessage message = message(Channel.SMS, ContactFixtures.usPhone(), "Hello from Acme");
		createdAnswers("SM" + hex());

		SendResult result = twilio(Channel.SMS).send(message);

		assertThat(result.outcome()).as(result.toString()).isEqualTo(SendResult.Outcome.ACCEPTED);
		assertThat(result.providerMessageId()).startsWith("SM");
		LoggedRequest request = onlyRequest();
		assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
			.encodeToString((this.account.sid() + ":" + this.account.token()).getBytes(StandardCharsets.UTF_8)));
		Map<String, String> form = form(request);
		assertThat(form).containsEntry("To", message.to())
			.containsEntry("From", this.account.from())
			.containsEntry("Body", "Hello from Acme")
			.containsEntry("StatusCallback", StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/status?tenant="
					+ this.tenant.id().value() + "&delivery=" + message.deliveryId());
		assertMatchesTwiliosDescription(form);
	}

	@Test
	void sendsThroughTheMessagingServiceWhenOneIsSet() throws IOException {
		String service = "MG" + hex();
		this.settings.save(this.admin, null,
				new SmsSettingsChange(this.account.sid(), null, false, this.account.from(), service, null, null, null));
		createdAnswers("SM" + hex());

		SendResult result = twilio(Channel.SMS).send(message(Channel.SMS, ContactFixtures.usPhone(), "Via service"));

		assertThat(result.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
		Map<String, String> form = form(onlyRequest());
		assertThat(form).containsEntry("MessagingServiceSid", service).doesNotContainKey("From");
		assertMatchesTwiliosDescription(form);
	}

	@Test
	void sendsWhatsAppMessagesFromTheWhatsAppSender() throws IOException {
		// the engine addresses a WhatsApp delivery to the contact's phone, plain E.164
		String phone = ContactFixtures.usPhone();
		createdAnswers("SM" + hex());

		SendResult result = twilio(Channel.WHATSAPP).send(message(Channel.WHATSAPP, phone, "WhatsApp hello"));

		assertThat(result.outcome()).isEqualTo(SendResult.Outcome.ACCEPTED);
		Map<String, String> form = form(onlyRequest());
		assertThat(form).containsEntry("To", "whatsapp:" + phone)
			.containsEntry("From", "whatsapp:" + this.account.whatsappFrom());
		assertMatchesTwiliosDescription(form);
		assertThat(twilio(Channel.WHATSAPP).validateAddress(phone)).isEmpty();
		assertThat(twilio(Channel.WHATSAPP).validateAddress("whatsapp:" + phone)).isEmpty();
		assertThat(twilio(Channel.WHATSAPP).validateAddress("whatsapp:12345")).isPresent();
	}

	@Test
	void retriesWhenTwilioThrottlesOrFails() {
		answers(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withBody(error(20429, "Too Many Requests", 429)));
		SendResult throttled = twilio(Channel.SMS).send(message(Channel.SMS, ContactFixtures.usPhone(), "x"));
		answers(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withBody(error(20503, "Service unavailable", 503)));
		SendResult unavailable = twilio(Channel.SMS).send(message(Channel.SMS, ContactFixtures.usPhone(), "x"));

		assertThat(throttled.outcome()).isEqualTo(SendResult.Outcome.RETRY);
		assertThat(unavailable.outcome()).isEqualTo(SendResult.Outcome.RETRY);
		assertThat(StandIns.TWILIO.findAll(postRequestedFor(urlPathEqualTo(this.account.messagesPath()))))
			.as("one request per send: the SDK does not retry a POST behind the engine's back")
			.hasSize(2);
	}

	@Test
	void failsForGoodOnInvalidOrUnsubscribedNumbers() {
		answers(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(error(21211, "The 'To' number is not a valid phone number.", 400)));
		SendResult invalid = twilio(Channel.SMS).send(message(Channel.SMS, ContactFixtures.usPhone(), "x"));
		answers(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(error(21610, "Attempt to send to unsubscribed recipient", 400)));
		SendResult unsubscribed = twilio(Channel.SMS).send(message(Channel.SMS, ContactFixtures.usPhone(), "x"));

		assertThat(invalid.outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(invalid.errorCode()).isEqualTo("21211");
		assertThat(invalid.recipientOptedOut()).isFalse();
		assertThat(unsubscribed.outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(unsubscribed.errorCode()).isEqualTo("21610");
		assertThat(unsubscribed.recipientOptedOut()).as("the engine adds a suppression").isTrue();
	}

	@Test
	void holdsASendWhoseConnectionWasLostAfterTheRequestWentOut() {
		answers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		SendResult reset = twilio(Channel.SMS).send(message(Channel.SMS, ContactFixtures.usPhone(), "x"));
		answers(aResponse().withFault(Fault.EMPTY_RESPONSE));
		SendResult empty = twilio(Channel.SMS).send(message(Channel.SMS, ContactFixtures.usPhone(), "x"));

		assertThat(reset.outcome()).as(reset.toString()).isEqualTo(SendResult.Outcome.UNKNOWN);
		assertThat(empty.outcome()).as(empty.toString()).isEqualTo(SendResult.Outcome.UNKNOWN);
	}

	@Test
	void refusesAnInvalidAddressWithoutCallingTwilio() {
		SendResult result = twilio(Channel.SMS).send(message(Channel.SMS, "0800 not a number", "x"));

		assertThat(result.outcome()).isEqualTo(SendResult.Outcome.FAILED);
		assertThat(StandIns.TWILIO.findAll(postRequestedFor(urlPathEqualTo(this.account.messagesPath())))).isEmpty();
	}

	@Test
	void looksUpAnUnknownSendByTheDeliveryIdThenByTheMessageSid() {
		OutboundMessage message = message(Channel.SMS, ContactFixtures.usPhone(), "Did it go?");
		String sid = "SM" + hex();
		StandIns.TWILIO.stubFor(get(urlPathEqualTo(this.account.messagesPath()))
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page(List.of()))));
		assertThat(twilio(Channel.SMS).lookup(message)).as("Twilio has no such message: a re-send is safe").isEmpty();

		this.statuses.record("twilio", this.tenant.id(), List
			.of(new StatusUpdate(message.deliveryId(), sid, DeliveryStatus.SENT, java.time.Instant.now(), null, null)));
		StandIns.TWILIO
			.stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + this.account.sid() + "/Messages/" + sid + ".json"))
				.willReturn(aResponse().withHeader("Content-Type", "application/json")
					.withBody(TwilioTestAccounts.messageJson(this.account.sid(), sid, "delivered", message.to(),
							"Did it go?"))));

		Optional<StatusUpdate> found = twilio(Channel.SMS).lookup(message);
		assertThat(found).isPresent();
		assertThat(found.get().providerMessageId()).isEqualTo(sid);
		assertThat(found.get().status()).isEqualTo(DeliveryStatus.DELIVERED);
	}

	@Test
	void findsAMessageTheCallbackNeverNamedAmongTheRecipientsRecentMessages() {
		OutboundMessage message = message(Channel.SMS, ContactFixtures.usPhone(), "Lost answer");
		String sid = "SM" + hex();
		StandIns.TWILIO.stubFor(get(urlPathEqualTo(this.account.messagesPath())).willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody(page(List
				.of(TwilioTestAccounts.messageJson(this.account.sid(), sid, "sent", message.to(), "Lost answer"))))));

		Optional<StatusUpdate> found = twilio(Channel.SMS).lookup(message);

		assertThat(found).map(StatusUpdate::providerMessageId).contains(sid);
		assertThat(found).map(StatusUpdate::status).contains(DeliveryStatus.SENT);
	}

	@Test
	void isConfiguredOnlyForTenantsWithAnAccountAndASender() {
		TwoTenants.TenantFixture other = this.tenancy.tenant();

		assertThat(twilio(Channel.SMS).configuredFor(this.tenant.id().value(), null)).isTrue();
		assertThat(twilio(Channel.SMS).configuredFor(other.id().value(), null))
			.as("no account and no platform default: the sandbox sends")
			.isFalse();
		assertThat(twilio(Channel.SMS).rateLimit(this.tenant.id().value(), null).permits()).isEqualTo(1);
	}

	// helpers

	private CommunicationChannel twilio(Channel channel) {
		return this.channels.stream()
			.filter((c) -> c.provider().equals("twilio") && c.channel() == channel)
			.findFirst()
			.orElseThrow();
	}

	private OutboundMessage message(Channel channel, String to, String text) {
		return new OutboundMessage(this.tenant.id().value(), null, UUID.randomUUID(), channel, to,
				MessageContent.text(text), "promotional", Map.of());
	}

	private void createdAnswers(String messageSid) {
		answers(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(TwilioTestAccounts.messageJson(this.account.sid(), messageSid, "queued", "+15005550006", "x")));
	}

	private void answers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		StandIns.TWILIO.stubFor(post(urlPathEqualTo(this.account.messagesPath())).willReturn(response));
	}

	private LoggedRequest onlyRequest() {
		List<LoggedRequest> requests = StandIns.TWILIO
			.findAll(postRequestedFor(urlPathEqualTo(this.account.messagesPath())));
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private static Map<String, String> form(LoggedRequest request) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : request.getBodyAsString().split("&")) {
			String[] parts = pair.split("=", 2);
			form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return form;
	}

	/**
	 * Every parameter is one CreateMessage describes, of its type and format; the
	 * required ones are there; and it names a sender (From or MessagingServiceSid).
	 */
	private static void assertMatchesTwiliosDescription(Map<String, String> form) throws IOException {
		JsonNode schema;
		try (InputStream in = TwilioSmsChannelIntegrationTests.class
			.getResourceAsStream("/twilio/create-message-request.json")) {
			schema = JsonMapper.builder().build().readTree(in).path("schema");
		}
		JsonNode properties = schema.path("properties");
		for (JsonNode required : schema.path("required")) {
			assertThat(form).as("required by CreateMessage").containsKey(required.asString());
		}
		assertThat(form.containsKey("From") || form.containsKey("MessagingServiceSid")).as("a sender").isTrue();
		form.forEach((name, value) -> {
			JsonNode property = properties.path(name);
			assertThat(property.isMissingNode()).as(name + " is a CreateMessage parameter").isFalse();
			String type = property.path("type").asString();
			String format = property.path("format").asString();
			switch (type) {
				case "string" -> {
					if ("phone-number".equals(format)) {
						assertThat(value).as(name).matches(E164);
					}
					if ("uri".equals(format)) {
						assertThat(URI.create(value).isAbsolute()).as(name + " is an absolute URI").isTrue();
					}
				}
				case "integer" -> assertThat(value).as(name).matches("^-?[0-9]+$");
				case "boolean" -> assertThat(value).as(name).isIn("true", "false");
				default -> {
					// arrays and enums: not sent by Herald
				}
			}
		});
	}

	private static String error(int code, String message, int status) {
		return """
				{"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}"""
			.formatted(code, message, code, status);
	}

	private String page(List<String> messages) {
		String uri = this.account.messagesPath() + "?PageSize=50&Page=0";
		return """
				{"messages": [%s], "page": 0, "page_size": 50, "start": 0, "end": %d, "uri": "%s",
				 "first_page_uri": "%s", "next_page_uri": null, "previous_page_uri": null}"""
			.formatted(String.join(",", messages), Math.max(messages.size() - 1, 0), uri, uri);
	}

	private static String hex() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
