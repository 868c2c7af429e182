package com.herald.tenancy;

import java.time.Clock;
import java.util.Map;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

	/** Replaces Boot's JPA transaction manager so every transaction binds its tenant. */
	@Bean
	TenantBindingTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new TenantBindingTransactionManager(entityManagerFactory);
	}

	/** Argon2id for new hashes; the {id} prefix lets older bcrypt hashes still verify. */
	@Bean
	@ConditionalOnMissingBean
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder("argon2", Map.of("argon2",
				Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(), "bcrypt", new BCryptPasswordEncoder()));
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
