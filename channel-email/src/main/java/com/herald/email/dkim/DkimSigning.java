package com.herald.email.dkim;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Signs a message with DKIM (RFC 6376): relaxed header and body canonicalization,
 * rsa-sha256. The signature covers From, To, Subject, Date, Message-ID, Reply-To, the
 * MIME headers, List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 requires both to be
 * signed) and Herald's correlation header. The signature is computed here, before the
 * sender takes a pooled connection (RSA signing is most of a signed message's cost, and a
 * held connection would idle meanwhile); the signed bytes are then sent unchanged.
 */
public final class DkimSigning {

	/** Headers signed beyond the library's defaults (From, To, Subject, MIME, List-*). */
	static final List<String> EXTRA_SIGNED = List.of("List-Unsubscribe-Post", "X-Herald-Delivery");

	private static final Session SESSION = Session.getInstance(new Properties());

	private DkimSigning() {
	}

	/**
	 * The signed message: a copy holding the exact bytes that were signed, which writes
	 * them unchanged ({@code saveChanges} must have been called on the original; the copy
	 * must not be changed any more).
	 */
	public static MimeMessage sign(MimeMessage message, DkimKey key) throws MessagingException {
		Signed signed = new Signed();
		try {
			new DkimMessage(message, signer(key)).writeTo(signed);
		}
		catch (IOException ex) {
			throw new MessagingException("Could not sign the message for " + key, ex);
		}
		// parsing reads the headers only; the body stays the signed bytes, written as is
		return new MimeMessage(SESSION, signed.input());
	}

	private static DkimSigner signer(DkimKey key) {
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
		return signer;
	}

	/** The signed bytes, read back without a copy. */
	private static final class Signed extends java.io.ByteArrayOutputStream {

		Signed() {
			super(16 * 1024);
		}

		SharedByteArrayInputStream input() {
			return new SharedByteArrayInputStream(this.buf, 0, this.count);
		}

	}

}
