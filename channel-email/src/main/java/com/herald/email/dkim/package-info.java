/**
 * Sender domains and DKIM (RFC 6376): a key pair per domain with the private key sealed
 * at rest, the DNS records to publish (DKIM, with SPF and DMARC guidance), and signing of
 * outgoing SMTP messages (relaxed/relaxed, rsa-sha256) for domains the tenant confirmed.
 */
@NamedInterface("dkim")
@NullMarked
package com.herald.email.dkim;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
