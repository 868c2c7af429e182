package com.herald.sms.twilio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.twilio.http.TwilioRestClient;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.herald.sms.SmsAccount;
import com.herald.sms.SmsProperties;

/**
 * One {@link TwilioRestClient} per Twilio account (tenants may bring their own), all over
 * the same pooled {@link TwilioHttpClient}.
 */
@Component
class TwilioClients implements DisposableBean {

	private final TwilioHttpClient http;

	private final Map<String, TwilioRestClient> clients = new ConcurrentHashMap<>();

	TwilioClients(SmsProperties properties) {
		this.http = TwilioHttpClient.create(properties.twilio());
	}

	/** The client of a configured account ({@link SmsAccount#hasCredentials()}). */
	TwilioRestClient forAccount(SmsAccount account) {
		String sid = java.util.Objects.requireNonNull(account.accountSid());
		String token = java.util.Objects.requireNonNull(account.authToken());
		// keyed by the token too, so a changed token takes effect at once
		if (this.clients.size() > 10_000) {
			this.clients.clear();
		}
		return this.clients.computeIfAbsent(sid + "\n" + token,
				(key) -> new TwilioRestClient.Builder(sid, token).httpClient(this.http).build());
	}

	@Override
	public void destroy() {
		this.http.close();
	}

}
