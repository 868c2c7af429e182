package com.herald.email.sendgrid;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.sendgrid.Client;
import com.sendgrid.SendGrid;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.herald.email.EmailProperties;

/**
 * sendgrid-java clients, one per API key, sharing one pooled HTTP client pointed at
 * {@code herald.email.sendgrid.base-url}. The HTTP client never retries on its own (a
 * repeated POST could send twice; the engine decides) and bounds connecting and reading.
 */
@Component
class SendGridClients implements DisposableBean {

	private static final int MAX_CLIENTS = 1000;

	private final CloseableHttpClient http;

	private final boolean plainHttp;

	private final String host;

	private final Map<String, SendGrid> clients = new ConcurrentHashMap<>();

	SendGridClients(EmailProperties properties) {
		EmailProperties.SendGrid sendgrid = properties.sendgrid();
		URI base = URI.create(sendgrid.baseUrl());
		this.plainHttp = "http".equalsIgnoreCase(base.getScheme());
		this.host = (base.getPort() > 0) ? base.getHost() + ":" + base.getPort() : base.getHost();
		PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(60, TimeUnit.SECONDS);
		pool.setMaxTotal(200);
		pool.setDefaultMaxPerRoute(200);
		// a pooled connection SendGrid closed while idle fails only after the POST went
		// out,
		// an unknown outcome: check idle connections before reusing them
		pool.setValidateAfterInactivity(100);
		RequestConfig timeouts = RequestConfig.custom()
			.setConnectTimeout((int) sendgrid.connectTimeout().toMillis())
			.setConnectionRequestTimeout((int) sendgrid.connectTimeout().toMillis())
			.setSocketTimeout((int) sendgrid.readTimeout().toMillis())
			.build();
		this.http = HttpClients.custom()
			.setConnectionManager(pool)
			.setDefaultRequestConfig(timeouts)
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableRedirectHandling()
			.build();
	}

	/** The client sending with this API key. */
	SendGrid forKey(String apiKey) {
		if (this.clients.size() > MAX_CLIENTS) {
			this.clients.clear();
		}
		return this.clients.computeIfAbsent(apiKey, (key) -> {
			SendGrid client = new SendGrid(key, new Client(this.http, this.plainHttp));
			client.setHost(this.host);
			return client;
		});
	}

	@Override
	public void destroy() throws Exception {
		this.http.close();
	}

}
