package com.herald.email;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.channel.ProviderPreference;
import com.herald.consent.Channel;
import com.herald.tenancy.TenantId;

/** The tenant's (or store's) email provider order, for the engine's registry. */
@Component
class EmailProviderOrder implements ProviderPreference {

	private final EmailSettingsService settings;

	EmailProviderOrder(EmailSettingsService settings) {
		this.settings = settings;
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public List<String> order(UUID tenantId, @Nullable UUID storeId) {
		return this.settings.resolve(new TenantId(tenantId), storeId).providers();
	}

}
