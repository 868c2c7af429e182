package com.herald.webhook.twilio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.sms.SmsWebhookUrls;
import com.herald.sms.SmsWebhooks;

/**
 * Twilio's status callbacks and inbound messages. Nobody signs in here: the SMS module
 * verifies Twilio's signature over the public URL before acting, and a request that fails
 * it gets 403 and changes nothing.
 */
@RestController
@RequestMapping("/webhooks/twilio")
class TwilioWebhookController {

	private static final Logger logger = LoggerFactory.getLogger(TwilioWebhookController.class);

	private final SmsWebhooks webhooks;

	private final SmsWebhookUrls urls;

	TwilioWebhookController(SmsWebhooks webhooks, SmsWebhookUrls urls) {
		this.webhooks = webhooks;
		this.urls = urls;
	}

	@PostMapping(path = "/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<Void> status(HttpServletRequest request) {
		this.webhooks.status(webhookRequest(request, SmsWebhookUrls.STATUS_PATH));
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/inbound", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
			produces = MediaType.TEXT_XML_VALUE)
	String inbound(HttpServletRequest request) {
		return this.webhooks.inbound(webhookRequest(request, SmsWebhookUrls.INBOUND_PATH));
	}

	@ExceptionHandler(WebhookRejectedException.class)
	ResponseEntity<String> rejected(WebhookRejectedException ex) {
		logger.warn("Rejected a Twilio webhook: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("Forbidden");
	}

	/**
	 * The request as Twilio signed it: the public URL with the query string as sent, and
	 * the form fields only (not the query's).
	 */
	private WebhookRequest webhookRequest(HttpServletRequest request, String path) {
		String query = request.getQueryString();
		Set<String> queryNames = new HashSet<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				queryNames
					.add(java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		Map<String, List<String>> form = new LinkedHashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!queryNames.contains(name)) {
				form.put(name, List.of(values));
			}
		});
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(request.getHeaders(name))));
		}
		return new WebhookRequest(this.urls.signedUrl(path, query), headers, form, new byte[0]);
	}

}
