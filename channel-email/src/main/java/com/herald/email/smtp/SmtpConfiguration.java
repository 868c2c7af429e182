package com.herald.email.smtp;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SMTP connection pools, one set per node, closed when Herald stops. */
@Configuration(proxyBeanMethods = false)
class SmtpConfiguration {

	@Bean(destroyMethod = "close")
	SmtpConnections smtpConnections(SmtpProperties properties,
			@Value("${herald.public-url:http://localhost:8080}") String publicUrl) {
		// EHLO names Herald by its public host, not whatever the machine calls itself
		String host = URI.create(publicUrl).getHost();
		return new SmtpConnections(properties, (host != null) ? host : "localhost");
	}

}
