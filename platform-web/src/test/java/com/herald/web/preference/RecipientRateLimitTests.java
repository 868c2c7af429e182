package com.herald.web.preference;

import org.junit.jupiter.api.Test;

import com.herald.preference.PreferenceProperties;
import com.herald.web.preference.RecipientRateLimit.TooManyRequestsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipientRateLimitTests {

	@Test
	void limitsEachClientAcrossLinks() {
		RecipientRateLimit limits = new RecipientRateLimit(new PreferenceProperties(null, 3, 100));

		limits.check("198.51.100.1", "link-a");
		limits.check("198.51.100.1", "link-b");
		limits.check("198.51.100.1", "link-c");

		assertThatThrownBy(() -> limits.check("198.51.100.1", "link-d")).isInstanceOf(TooManyRequestsException.class)
			.satisfies((ex) -> assertThat(((TooManyRequestsException) ex).retryAfter()).isPositive()
				.isLessThanOrEqualTo(java.time.Duration.ofMinutes(1)));
		limits.check("198.51.100.2", "link-d");
	}

	@Test
	void limitsEachLinkAcrossClients() {
		RecipientRateLimit limits = new RecipientRateLimit(new PreferenceProperties(null, 100, 2));

		limits.check("198.51.100.1", "link-a");
		limits.check("198.51.100.2", "link-a");

		assertThatThrownBy(() -> limits.check("198.51.100.3", "link-a")).isInstanceOf(TooManyRequestsException.class);
		limits.check("198.51.100.3", "link-b");
	}

}
