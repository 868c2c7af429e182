package com.herald.sms.twilio;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.UUID;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.jspecify.annotations.Nullable;

import com.herald.channel.SendResult;

/**
 * Twilio's errors as send outcomes. Rate limiting, server errors and failures to connect
 * are retried; invalid and unsubscribed numbers fail for good (21610 also tells the
 * engine to suppress the number); a connection lost once the request may have reached
 * Twilio is an unknown outcome, held for reconciliation rather than sent again.
 */
final class TwilioErrors {

	/** 21211 invalid To, 21614 not a mobile number, 21610 the recipient replied STOP. */
	static final int UNSUBSCRIBED = 21610;

	private static final Set<Integer> INVALID_NUMBER = Set.of(21211, 21614, 21612, 21408, 63003);

	private TwilioErrors() {
	}

	static SendResult of(UUID deliveryId, ApiException ex) {
		Integer status = ex.getStatusCode();
		if (status == null && ex.getCause() != null) {
			// the SDK reports some I/O failures (a reset connection) as an ApiException
			return connectionLost(deliveryId, ex);
		}
		Integer code = ex.getCode();
		String codeText = (code != null) ? code.toString() : (status != null) ? "http-" + status : null;
		String message = message(ex);
		if (code != null && code == UNSUBSCRIBED) {
			return SendResult.failed(deliveryId, codeText, message, true);
		}
		if (code != null && INVALID_NUMBER.contains(code)) {
			return SendResult.failed(deliveryId, codeText, message, false);
		}
		if (status == null || status == 429 || status >= 500 || status == 401 || status == 403) {
			// throttled, Twilio's trouble, or credentials being fixed: the message waits
			return SendResult.retry(deliveryId, codeText, message, null);
		}
		return SendResult.failed(deliveryId, codeText, message, false);
	}

	static SendResult of(UUID deliveryId, ApiConnectionException ex) {
		return connectionLost(deliveryId, ex);
	}

	private static SendResult connectionLost(UUID deliveryId, Exception ex) {
		String message = "Connection to Twilio failed: " + rootMessage(ex);
		if (neverSent(ex)) {
			return SendResult.retry(deliveryId, "connect", message, null);
		}
		return SendResult.unknown(deliveryId, message);
	}

	/** Whether the failure happened before the request could reach Twilio. */
	private static boolean neverSent(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof HttpHostConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || cause instanceof ConnectionRequestTimeoutException) {
				return true;
			}
			if (cause instanceof InterruptedIOException && !(cause instanceof java.net.SocketTimeoutException)) {
				return false;
			}
		}
		return false;
	}

	private static String message(ApiException ex) {
		String text = (ex.getMessage() != null) ? ex.getMessage() : "Twilio refused the message";
		return (text.length() > 300) ? text.substring(0, 300) : text;
	}

	private static @Nullable String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

}
