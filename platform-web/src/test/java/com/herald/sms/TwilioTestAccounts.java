package com.herald.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.herald.contact.ContactFixtures;
import com.herald.tenancy.Actor;

/**
 * Twilio accounts for tests: a fresh Account SID per test (so its stubs at the local
 * Twilio are its own), and Twilio's signature, computed here from Twilio's documented
 * algorithm rather than with the SDK Herald verifies with.
 */
public final class TwilioTestAccounts {

	private TwilioTestAccounts() {
	}

	record Account(String sid, String token, String from, String whatsappFrom) {

		String messagesPath() {
			return "/2010-04-01/Accounts/" + this.sid + "/Messages.json";
		}

	}

	static Account newAccount() {
		byte[] sid = new byte[16];
		byte[] token = new byte[16];
		ThreadLocalRandom.current().nextBytes(sid);
		ThreadLocalRandom.current().nextBytes(token);
		return new Account("AC" + HexFormat.of().formatHex(sid), HexFormat.of().formatHex(token),
				ContactFixtures.usPhone(), ContactFixtures.usPhone());
	}

	/** Saves the account as the tenant's SMS settings. */
	static Account configure(SmsSettingsService settings, Actor admin, String helpText) {
		Account account = newAccount();
		settings.save(admin, null, new SmsSettingsChange(account.sid(), account.token(), false, account.from(), null,
				account.whatsappFrom(), helpText, null));
		return account;
	}

	/** X-Twilio-Signature: HMAC-SHA1 over the URL and the sorted form fields, base64. */
	public static String sign(String token, String url, Map<String, String> form) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Twilio's answer to a created message. */
	static String messageJson(String accountSid, String messageSid, String status, String to, String body) {
		return """
				{"sid": "%s", "account_sid": "%s", "status": "%s", "to": "%s", "from": "+15005550006",
				 "body": "%s", "num_segments": "1", "num_media": "0", "direction": "outbound-api",
				 "api_version": "2010-04-01", "date_created": "Fri, 04 Dec 2026 05:00:00 +0000",
				 "date_updated": "Fri, 04 Dec 2026 05:00:01 +0000", "date_sent": null, "price": null,
				 "error_code": null, "error_message": null, "messaging_service_sid": null,
				 "uri": "/2010-04-01/Accounts/%s/Messages/%s.json", "subresource_uris": {}}""".formatted(messageSid,
				accountSid, status, to, body, accountSid, messageSid);
	}

}
