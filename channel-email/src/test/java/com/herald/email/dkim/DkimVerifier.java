package com.herald.email.dkim;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An independent DKIM verifier (RFC 6376 §3.4, §3.7, §6.1), written from the RFC for the
 * tests, sharing no code with the signer: it checks the body hash and the signature over
 * the signed headers of a message exactly as it was received, with the public key from
 * the DNS record Herald tells the tenant to publish. Only what Herald signs with is
 * supported: rsa-sha256, relaxed/relaxed.
 */
public final class DkimVerifier {

	private DkimVerifier() {
	}

	/**
	 * The checked signature.
	 *
	 * @param tags the DKIM-Signature tags
	 * @param signedHeaders the h= list, lower-cased
	 */
	public record Verified(Map<String, String> tags, List<String> signedHeaders) {
	}

	/**
	 * Verifies the first DKIM-Signature of a raw message.
	 * @param raw the message as received (CRLF line ends)
	 * @param dnsTxtValue the TXT record's value ({@code v=DKIM1; k=rsa; p=...})
	 * @throws AssertionError naming what does not verify
	 */
	public static Verified verify(byte[] raw, String dnsTxtValue) throws Exception {
		String message = new String(raw, StandardCharsets.ISO_8859_1);
		int split = message.indexOf("\r\n\r\n");
		if (split < 0) {
			throw new AssertionError("No header/body separator");
		}
		List<String> fields = fields(message.substring(0, split + 2));
		String body = message.substring(split + 4);
		String signatureField = fields.stream()
			.filter((field) -> name(field).equals("dkim-signature"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No DKIM-Signature header"));
		Map<String, String> tags = tags(value(signatureField));
		require("1".equals(tags.get("v")), "v=1");
		require("rsa-sha256".equals(tags.get("a")), "a=rsa-sha256");
		require("relaxed/relaxed".equals(tags.get("c")), "c=relaxed/relaxed");
		require(!tags.containsKey("l"), "no l= (the whole body is signed)");

		byte[] bodyHash = MessageDigest.getInstance("SHA-256")
			.digest(relaxedBody(body).getBytes(StandardCharsets.ISO_8859_1));
		String expectedBh = tags.get("bh").replaceAll("\\s", "");
		require(Base64.getEncoder().encodeToString(bodyHash).equals(expectedBh), "body hash bh= matches the body");

		List<String> signed = new ArrayList<>();
		for (String name : tags.get("h").split(":")) {
			signed.add(name.strip().toLowerCase(Locale.ROOT));
		}
		StringBuilder input = new StringBuilder();
		List<String> unused = new ArrayList<>(fields);
		for (String name : signed) {
			// the last unused instance of the header, bottom-up (RFC 6376 §5.4.2)
			for (int i = unused.size() - 1; i >= 0; i--) {
				if (name(unused.get(i)).equals(name)) {
					input.append(relaxedHeader(unused.remove(i))).append("\r\n");
					break;
				}
			}
		}
		String withoutB = signatureField.replaceAll("(?s)(\\bb\\s*=)[^;]*", "$1");
		input.append(relaxedHeader(withoutB));

		PublicKey key = KeyFactory.getInstance("RSA")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(tags(dnsTxtValue).get("p"))));
		Signature rsa = Signature.getInstance("SHA256withRSA");
		rsa.initVerify(key);
		rsa.update(input.toString().getBytes(StandardCharsets.ISO_8859_1));
		require(rsa.verify(Base64.getDecoder().decode(tags.get("b").replaceAll("\\s", ""))),
				"signature b= verifies over the signed headers");
		return new Verified(tags, signed);
	}

	/** Header fields with their continuation lines, each without the final CRLF. */
	private static List<String> fields(String headerBlock) {
		List<String> fields = new ArrayList<>();
		for (String line : headerBlock.split("\r\n")) {
			if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
				fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
			}
			else if (!line.isEmpty()) {
				fields.add(line);
			}
		}
		return fields;
	}

	private static String name(String field) {
		return field.substring(0, field.indexOf(':')).strip().toLowerCase(Locale.ROOT);
	}

	private static String value(String field) {
		return field.substring(field.indexOf(':') + 1);
	}

	/** RFC 6376 §3.4.2. */
	private static String relaxedHeader(String field) {
		String value = value(field).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
		return name(field) + ":" + value;
	}

	/** RFC 6376 §3.4.4. */
	private static String relaxedBody(String body) {
		String[] lines = body.split("\r\n", -1);
		StringBuilder out = new StringBuilder();
		List<String> canonical = new ArrayList<>();
		for (String line : lines) {
			canonical.add(line.replaceAll("[ \t]+", " ").replaceAll(" $", ""));
		}
		// the split leaves an empty last element after the final CRLF; drop trailing
		// empty
		// lines
		int end = canonical.size();
		while (end > 0 && canonical.get(end - 1).isEmpty()) {
			end--;
		}
		for (int i = 0; i < end; i++) {
			out.append(canonical.get(i)).append("\r\n");
		}
		return out.toString();
	}

	static Map<String, String> tags(String list) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (String tag : list.replace("\r\n", "").split(";")) {
			int eq = tag.indexOf('=');
			if (eq > 0) {
				tags.put(tag.substring(0, eq).strip(), tag.substring(eq + 1).strip());
			}
		}
		return tags;
	}

	private static void require(boolean condition, String what) {
		if (!condition) {
			throw new AssertionError("DKIM: expected " + what);
		}
	}

}
