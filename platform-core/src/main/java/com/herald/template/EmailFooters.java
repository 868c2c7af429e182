package com.herald.template;

import java.util.Comparator;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import com.herald.contact.ContactId;
import com.herald.preference.PreferenceLinks;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenantId;

/**
 * The footer facts of one email: whether it is marketing, the recipient's unsubscribe and
 * preference links, and the sender's postal address: the sending store's, else the
 * tenant's first store's (tenants have no address of their own).
 */
@Component
public class EmailFooters {

	/** The category whose email is marketing and needs the footer. */
	public static final String PROMOTIONAL = "promotional";

	private final StoreService stores;

	private final PreferenceLinks links;

	EmailFooters(StoreService stores, PreferenceLinks links) {
		this.stores = stores;
		this.links = links;
	}

	/**
	 * The footer of a message being dispatched, whose address the queue looked up. Every
	 * email gets the recipient's links (the unsubscribe URL also feeds
	 * {@code List-Unsubscribe}); only marketing email shows the footer.
	 */
	public EmailFooter forDelivery(TenantId tenant, UUID contactId, @Nullable UUID deliveryId, String category,
			@Nullable String postalAddress) {
		ContactId contact = new ContactId(contactId);
		return new EmailFooter(PROMOTIONAL.equals(category),
				this.links.unsubscribe(tenant, contact, Channel.EMAIL, deliveryId),
				this.links.preferences(tenant, contact), postalAddress);
	}

	/** The footer a preview for this contact shows. */
	EmailFooter forPreview(TenantId tenant, UUID contactId, @Nullable Store store, String category) {
		Store sender = (store != null) ? store : firstStore(tenant);
		String address = (sender != null) ? TemplateVariables.postalAddress(sender.getDetails()) : null;
		return forDelivery(tenant, contactId, null, category, address);
	}

	/** The store whose address tenant-wide email carries: the tenant's first. */
	@Nullable Store firstStore(TenantId tenant) {
		return this.stores.listAll(tenant).stream().min(Comparator.comparing(Store::getCreatedAt)).orElse(null);
	}

}
