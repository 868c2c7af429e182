package com.herald.email.sendgrid;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a SendGrid stand-in needs to judge Herald's requests: a check of a
 * {@code /v3/mail/send} body against SendGrid's own OpenAPI description of it (every
 * property declared and of its type, required ones present, limits kept), and what each
 * recipient would receive once SendGrid applied the personalization's substitutions.
 */
public final class SendGridRequests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");

	private static final JsonNode SCHEMA = load();

	private SendGridRequests() {
	}

	public static JsonNode parse(String body) {
		return JSON.readTree(body);
	}

	/** What the description finds wrong with the request body (empty: nothing). */
	public static List<String> violations(JsonNode body) {
		List<String> errors = new ArrayList<>();
		check(SCHEMA, body, "$", errors);
		return errors;
	}

	/**
	 * One email as its recipient would get it.
	 *
	 * @param to the recipient
	 * @param from the sender address
	 * @param fromName the sender name
	 * @param replyTo the reply-to address
	 * @param subject the subject
	 * @param text the plain-text part
	 * @param html the HTML part
	 * @param headers the personalization's headers
	 * @param customArgs the personalization's custom arguments
	 * @param categories the categories
	 */
	public record Delivered(String to, String from, @Nullable String fromName, @Nullable String replyTo, String subject,
			String text, @Nullable String html, Map<String, String> headers, Map<String, String> customArgs,
			List<String> categories) {
	}

	/** Every recipient's email, substitutions applied as SendGrid does. */
	public static List<Delivered> delivered(JsonNode body) {
		List<Delivered> emails = new ArrayList<>();
		String text = null;
		String html = null;
		for (JsonNode content : body.path("content")) {
			if ("text/plain".equals(content.path("type").asString())) {
				text = content.path("value").asString();
			}
			else if ("text/html".equals(content.path("type").asString())) {
				html = content.path("value").asString();
			}
		}
		List<String> categories = new ArrayList<>();
		body.path("categories").forEach((c) -> categories.add(c.asString()));
		for (JsonNode personalization : body.path("personalizations")) {
			Map<String, String> substitutions = map(personalization.path("substitutions"));
			String subject = personalization.has("subject") ? personalization.path("subject").asString()
					: body.path("subject").asString();
			emails.add(new Delivered(personalization.path("to").path(0).path("email").asString(),
					body.path("from").path("email").asString(),
					body.path("from").has("name") ? body.path("from").path("name").asString() : null,
					body.path("reply_to").has("email") ? body.path("reply_to").path("email").asString() : null,
					substitute(subject, substitutions), substitute(text, substitutions),
					(html != null) ? substitute(html, substitutions) : null, map(personalization.path("headers")),
					map(personalization.path("custom_args")), categories));
		}
		return emails;
	}

	private static String substitute(String text, Map<String, String> substitutions) {
		String result = text;
		for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
			result = result.replace(substitution.getKey(), substitution.getValue());
		}
		return result;
	}

	private static Map<String, String> map(JsonNode object) {
		Map<String, String> map = new LinkedHashMap<>();
		object.properties().forEach((entry) -> map.put(entry.getKey(), entry.getValue().asString()));
		return map;
	}

	private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
		String type = schema.path("type").asString("");
		switch (type) {
			case "object" -> {
				if (!value.isObject()) {
					errors.add(path + " is not an object");
					return;
				}
				for (JsonNode required : schema.path("required")) {
					if (!value.has(required.asString())) {
						errors.add(path + "." + required.asString() + " is required");
					}
				}
				JsonNode properties = schema.path("properties");
				int maxProperties = schema.path("maxProperties").asInt(Integer.MAX_VALUE);
				if (value.size() > maxProperties) {
					errors.add(path + " has more than " + maxProperties + " properties");
				}
				value.properties().forEach((entry) -> {
					String name = entry.getKey();
					if (properties.has(name)) {
						check(properties.path(name), entry.getValue(), path + "." + name, errors);
					}
					else if (schema.has("additionalProperties")) {
						check(schema.path("additionalProperties"), entry.getValue(), path + "." + name, errors);
					}
					else if (!properties.isMissingNode() && properties.size() > 0) {
						errors.add(path + "." + name + " is not in SendGrid's description");
					}
				});
			}
			case "array" -> {
				if (!value.isArray()) {
					errors.add(path + " is not an array");
					return;
				}
				int maxItems = schema.path("maxItems").asInt(Integer.MAX_VALUE);
				if (value.size() > maxItems) {
					errors.add(path + " has " + value.size() + " items, more than " + maxItems);
				}
				if (schema.path("uniqueItems").asBoolean(false)) {
					Set<JsonNode> seen = new HashSet<>();
					value.forEach((item) -> {
						if (!seen.add(item)) {
							errors.add(path + " repeats " + item);
						}
					});
				}
				for (int i = 0; i < value.size(); i++) {
					check(schema.path("items"), value.get(i), path + "[" + i + "]", errors);
				}
			}
			case "string" -> {
				if (!value.isString()) {
					errors.add(path + " is not a string");
					return;
				}
				String text = value.asString();
				if (text.length() < schema.path("minLength").asInt(0)) {
					errors.add(path + " is shorter than " + schema.path("minLength").asInt());
				}
				if (text.length() > schema.path("maxLength").asInt(Integer.MAX_VALUE)) {
					errors.add(path + " is longer than " + schema.path("maxLength").asInt());
				}
				if ("email".equals(schema.path("format").asString("")) && !EMAIL.matcher(text).matches()) {
					errors.add(path + " is not an email address");
				}
				if (schema.has("enum")) {
					boolean listed = false;
					for (JsonNode allowed : schema.path("enum")) {
						listed |= allowed.asString().equals(text);
					}
					if (!listed) {
						errors.add(path + " is not one of " + schema.path("enum"));
					}
				}
			}
			case "integer" -> {
				if (!value.isIntegralNumber()) {
					errors.add(path + " is not an integer");
				}
			}
			case "boolean" -> {
				if (!value.isBoolean()) {
					errors.add(path + " is not a boolean");
				}
			}
			default -> {
				// untyped in the description: anything goes
			}
		}
	}

	private static JsonNode load() {
		try (InputStream in = SendGridRequests.class.getResourceAsStream("/sendgrid/mail-send-request.json")) {
			return JSON.readTree(in).path("schema");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
