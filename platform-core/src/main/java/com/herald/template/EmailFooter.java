package com.herald.template;

import org.jspecify.annotations.Nullable;

/**
 * What a marketing email must carry besides its content (CAN-SPAM, RFC 8058): where to
 * unsubscribe, where to change preferences and the sender's postal address.
 *
 * @param promotional whether the email is marketing (category {@code promotional}); only
 * marketing email gets the footer
 * @param unsubscribeUrl the recipient's one-click unsubscribe link
 * @param preferencesUrl the recipient's preference page
 * @param postalAddress the sending store's postal address, one line
 */
public record EmailFooter(boolean promotional, @Nullable String unsubscribeUrl, @Nullable String preferencesUrl,
		@Nullable String postalAddress) {

	/** No footer: transactional email, or a preview without links. */
	public static final EmailFooter NONE = new EmailFooter(false, null, null, null);

}
