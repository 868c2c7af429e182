package com.herald.email.dkim;

import java.security.interfaces.RSAPrivateKey;

/**
 * What signs a domain's messages.
 *
 * @param domain the signing domain ({@code d=})
 * @param selector the selector ({@code s=}): the key is published at
 * {@code selector._domainkey.domain}
 * @param privateKey the RSA private key
 */
public record DkimKey(String domain, String selector, RSAPrivateKey privateKey) {

	@Override
	public String toString() {
		return this.selector + "._domainkey." + this.domain;
	}

}
