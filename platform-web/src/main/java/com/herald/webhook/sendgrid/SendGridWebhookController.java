package com.herald.webhook.sendgrid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.email.EmailWebhooks;

/**
 * SendGrid's Event Webhook. Nobody signs in here: the email module verifies SendGrid's
 * ECDSA signature over the raw body, which is read as bytes (never parsed and re-encoded
 * before the check), and a request that fails it gets 403 and changes nothing.
 */
@RestController
class SendGridWebhookController {

	private static final Logger logger = LoggerFactory.getLogger(SendGridWebhookController.class);

	private final EmailWebhooks webhooks;

	SendGridWebhookController(EmailWebhooks webhooks) {
		this.webhooks = webhooks;
	}

	@PostMapping(path = "/webhooks/sendgrid/events", consumes = MediaType.ALL_VALUE)
	ResponseEntity<Void> events(@RequestBody byte[] body, HttpServletRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(request.getHeaderNames())) {
			headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(Collections.list(request.getHeaders(name))));
		}
		this.webhooks.sendgridEvents(new WebhookRequest(request.getRequestURL().toString(), headers, Map.of(), body));
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(WebhookRejectedException.class)
	ResponseEntity<String> rejected(WebhookRejectedException ex) {
		logger.warn("Rejected a SendGrid event webhook: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("Forbidden");
	}

}
