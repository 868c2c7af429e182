package com.herald.email.dkim;

import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Signs a message with DKIM (RFC 6376): relaxed header and body canonicalization,
 * rsa-sha256. The signature covers From, To, Subject, Date, Message-ID, Reply-To, the
 * MIME headers, List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 requires both to be
 * signed) and Herald's correlation header. The signature is computed as the message is
 * written to the server, over exactly the bytes sent.
 */
public final class DkimSigning {

	/** Headers signed beyond the library's defaults (From, To, Subject, MIME, List-*). */
	static final List<String> EXTRA_SIGNED = List.of("List-Unsubscribe-Post", "X-Herald-Delivery");

	private DkimSigning() {
	}

	/**
	 * A copy of the message that signs itself when written ({@code saveChanges} must have
	 * been called on the original; the copy must not be changed any more).
	 */
	public static MimeMessage sign(MimeMessage message, DkimKey key) throws MessagingException {
		DkimSigner signer = new DkimSigner(key.domain(), key.selector(), key.privateKey());
		signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
		signer.setHeaderCanonicalization(Canonicalization.RELAXED);
		signer.setBodyCanonicalization(Canonicalization.RELAXED);
		// no DNS from here: the tenant confirmed the record, and receivers check it
		// anyway
		signer.setCheckDomainKey(false);
		signer.setLengthParam(false);
		signer.setZParam(false);
		EXTRA_SIGNED.forEach(signer::addHeaderToSign);
		return new DkimMessage(message, signer);
	}

}
