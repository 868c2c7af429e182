package com.herald.audience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.herald.tenancy.InvalidInputException;

/**
 * A criteria tree as JSON: a group is {@code {"logic": "AND", "children": [...]}}, a
 * condition {@code {"field": …, "operator": …, "type": …, "values": [...]}}. Reading
 * fails with the path of the bad node, as the compiler does.
 */
public final class CriteriaJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CriteriaJson() {
	}

	public static String write(Criterion tree) {
		return JSON.writeValueAsString(toMap(tree));
	}

	/**
	 * @throws InvalidInputException when the text is not JSON or not a tree
	 */
	public static Criterion read(String json) {
		JsonNode node;
		try {
			node = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidInputException(AudienceCompiler.ROOT, "Not valid JSON");
		}
		return read(node, AudienceCompiler.ROOT, 1);
	}

	private static Object toMap(@Nullable Criterion node) {
		Map<String, Object> map = new LinkedHashMap<>();
		if (node instanceof Group group) {
			map.put("logic", (group.logic() != null) ? group.logic().name() : null);
			List<Object> children = new ArrayList<>();
			group.children().forEach((child) -> children.add(toMap(child)));
			map.put("children", children);
		}
		else if (node instanceof Condition condition) {
			map.put("field", condition.field());
			map.put("operator", condition.operator());
			if (condition.type() != null) {
				map.put("type", condition.type());
			}
			map.put("values", condition.values());
		}
		return map;
	}

	private static Criterion read(@Nullable JsonNode node, String path, int depth) {
		if (node == null || !node.isObject()) {
			throw new InvalidInputException(path, "Expected a group or a condition");
		}
		if (depth > AudienceCompiler.MAX_DEPTH) {
			throw new InvalidInputException(path, "Nest groups at most " + AudienceCompiler.MAX_DEPTH + " levels deep");
		}
		if (node.has("logic")) {
			Group.Logic logic = null;
			String text = node.get("logic").isString() ? node.get("logic").asString() : "";
			for (Group.Logic candidate : Group.Logic.values()) {
				if (candidate.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
					logic = candidate;
				}
			}
			if (logic == null) {
				throw new InvalidInputException(path + ".logic", "Expected AND, OR or NOT");
			}
			JsonNode children = node.get("children");
			if (children == null || !children.isArray()) {
				throw new InvalidInputException(path + ".children", "Expected a list of conditions and groups");
			}
			List<Criterion> read = new ArrayList<>();
			for (int i = 0; i < children.size(); i++) {
				read.add(read(children.get(i), path + ".children[" + i + "]", depth + 1));
			}
			return new Group(logic, read);
		}
		JsonNode values = node.get("values");
		List<@Nullable String> read = new ArrayList<>();
		if (values != null && !values.isNull()) {
			if (!values.isArray()) {
				throw new InvalidInputException(path + ".values", "Expected a list of values");
			}
			for (int i = 0; i < values.size(); i++) {
				JsonNode value = values.get(i);
				if (!value.isValueNode() || value.isNull()) {
					throw new InvalidInputException(path + ".values[" + i + "]",
							"Expected text, a number or true/false");
				}
				read.add(value.asString());
			}
		}
		return new Condition(text(node, "field"), text(node, "operator"), text(node, "type"), read);
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
