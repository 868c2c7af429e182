package com.herald.sms.twilio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import com.herald.sms.SmsProperties;

/**
 * The HTTP client under every {@code TwilioRestClient} Herald builds: one connection pool
 * sized by {@code herald.sms.twilio.pool-size} (the SDK's default client allows 20
 * requests in flight), requests sent to {@code herald.sms.twilio.base-url} instead of
 * {@code api.twilio.com}, and no automatic retries: a POST that may have reached Twilio
 * is never repeated behind the engine's back (the engine retries, after reconciling).
 */
final class TwilioHttpClient extends NetworkHttpClient {

	private static final String TWILIO_HOSTS = "^https://[a-z0-9.-]*twilio\\.com";

	private final String baseUrl;

	private final PoolingHttpClientConnectionManager pool;

	private TwilioHttpClient(HttpClientBuilder builder, PoolingHttpClientConnectionManager pool, String baseUrl) {
		super(builder);
		this.pool = pool;
		this.baseUrl = baseUrl.replaceAll("/+$", "");
	}

	static TwilioHttpClient create(SmsProperties.Twilio twilio) {
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(twilio.poolSize())
			.setMaxConnPerRoute(twilio.poolSize())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.ofMilliseconds(twilio.connectTimeout().toMillis()))
				.setSocketTimeout(Timeout.ofMilliseconds(twilio.readTimeout().toMillis()))
				.setTimeToLive(5, TimeUnit.MINUTES)
				.build())
			.build();
		HttpClientBuilder builder = HttpClientBuilder.create()
			.setConnectionManager(pool)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(Timeout.ofMilliseconds(twilio.readTimeout().toMillis()))
				.setResponseTimeout(Timeout.ofMilliseconds(twilio.readTimeout().toMillis()))
				.build())
			.disableAutomaticRetries();
		return new TwilioHttpClient(builder, pool, twilio.baseUrl());
	}

	@Override
	public Response makeRequest(Request request) {
		return super.makeRequest(rebase(request));
	}

	/** One attempt only; see the class comment. */
	@Override
	public Response reliableRequest(Request request) {
		return makeRequest(request);
	}

	@Override
	public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
		return makeRequest(request);
	}

	private Request rebase(Request request) {
		String url = request.getUrl().replaceFirst(TWILIO_HOSTS, this.baseUrl);
		Request copy = new Request(request.getMethod(), url);
		if (request.getAuthStrategy() != null) {
			copy.setAuth(request.getAuthStrategy());
		}
		else if (request.getUsername() != null) {
			copy.setAuth(request.getUsername(), request.getPassword());
		}
		copyAll(request.getQueryParams(), copy::addQueryParam);
		copyAll(request.getPostParams(), copy::addPostParam);
		copyAll(request.getHeaderParams(), copy::addHeaderParam);
		copy.setUserAgentExtensions(request.getUserAgentExtensions());
		if (request.getContentType() != null) {
			copy.setContentType(request.getContentType());
		}
		if (request.getBody() != null) {
			copy.setBody(request.getBody());
		}
		return copy;
	}

	private static void copyAll(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> add) {
		params.forEach((name, values) -> values.forEach((value) -> add.accept(name, value)));
	}

	void close() {
		this.pool.close();
	}

}
