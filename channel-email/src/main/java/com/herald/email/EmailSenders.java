package com.herald.email;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.tenancy.TenantId;

/**
 * Who a tenant's or store's email is from: the store's sender identity, else the
 * tenant's, else the platform's ({@code herald.email.from-address}/{@code from-name}).
 * Providers, composition and previews use it so every path shows the same sender.
 */
@Component
public class EmailSenders {

	private final EmailSettingsService settings;

	EmailSenders(EmailSettingsService settings) {
		this.settings = settings;
	}

	/**
	 * The sender of the tenant's email, or of one store's when {@code storeId} is set.
	 */
	public EmailSender resolve(TenantId tenantId, @Nullable UUID storeId) {
		return this.settings.resolve(tenantId, storeId).sender();
	}

	/** The same, for callers holding a plain tenant id (the channel SPI's messages). */
	public EmailSender resolve(UUID tenantId, @Nullable UUID storeId) {
		return resolve(new TenantId(tenantId), storeId);
	}

}
