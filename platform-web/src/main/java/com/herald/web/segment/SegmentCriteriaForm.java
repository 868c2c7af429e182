package com.herald.web.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.herald.audience.Condition;
import com.herald.audience.CriteriaJson;
import com.herald.audience.Criterion;
import com.herald.audience.Group;
import com.herald.tenancy.InvalidInputException;

/**
 * The builder's form fields and the criteria tree they stand for: condition rows
 * ({@code field<i>}, {@code operator<i>}, {@code value<i>}) joined by AND or OR, or, for
 * nested AND/OR/NOT trees, the criteria JSON (used when no row names a field).
 */
final class SegmentCriteriaForm {

	/** Condition rows the builder shows. */
	static final int ROWS = 5;

	private SegmentCriteriaForm() {
	}

	/**
	 * The tree the fields describe, and which row each of its children came from (so a
	 * node's path error can be shown beside its row).
	 */
	static Built criteria(Map<String, String> fields) {
		List<Criterion> conditions = new ArrayList<>();
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < ROWS; i++) {
			String field = value(fields, "field" + i);
			if (field.isEmpty()) {
				continue;
			}
			String operator = value(fields, "operator" + i);
			String raw = value(fields, "value" + i);
			List<String> values = raw.isEmpty() ? List.of() : switch (operator) {
				case "in", "any", "all", "none", "between" ->
					Arrays.stream(raw.split(",")).map(String::strip).filter((v) -> !v.isEmpty()).toList();
				default -> List.of(raw);
			};
			String type = field.startsWith("attributes.") ? "text" : null;
			conditions.add(new Condition(field, operator, type, values));
			rows.add(i);
		}
		if (conditions.isEmpty()) {
			String json = value(fields, "criteriaJson");
			if (json.isEmpty()) {
				throw new InvalidInputException("field0", "Add at least one condition");
			}
			return new Built(CriteriaJson.read(json), List.of());
		}
		Group.Logic logic = "OR".equals(value(fields, "logic")) ? Group.Logic.OR : Group.Logic.AND;
		return new Built(new Group(logic, conditions), rows);
	}

	/** The fields of a saved tree: rows when it is a flat AND/OR group, else JSON. */
	static Map<String, String> fields(Criterion tree) {
		Map<String, String> fields = new LinkedHashMap<>();
		if (!rows(tree, fields)) {
			fields.clear();
			fields.put("logic", "AND");
			fields.put("criteriaJson", CriteriaJson.write(tree));
		}
		return fields;
	}

	private static boolean rows(Criterion tree, Map<String, String> fields) {
		if (!(tree instanceof Group group) || group.logic() == Group.Logic.NOT || group.children().size() > ROWS) {
			return false;
		}
		fields.put("logic", (group.logic() == Group.Logic.OR) ? "OR" : "AND");
		int i = 0;
		for (Criterion child : group.children()) {
			if (!(child instanceof Condition condition) || condition.field() == null
					|| (condition.type() != null && !"text".equals(condition.type()))) {
				return false;
			}
			fields.put("field" + i, condition.field());
			fields.put("operator" + i, (condition.operator() != null) ? condition.operator() : "");
			fields.put("value" + i, String.join(", ", condition.values().stream().map(String::valueOf).toList()));
			i++;
		}
		return true;
	}

	static String value(Map<String, String> fields, String name) {
		String value = fields.get(name);
		return (value != null) ? value.strip() : "";
	}

	/**
	 * A tree built from the form.
	 *
	 * @param tree the criteria
	 * @param rows the row of each of the root group's children, empty when the tree came
	 * from JSON
	 */
	record Built(Criterion tree, List<Integer> rows) {

		/**
		 * The row a node's path points into ({@code root.children[k]...}), if any.
		 */
		@Nullable Integer row(String path) {
			String prefix = "root.children[";
			if (this.rows.isEmpty() || !path.startsWith(prefix)) {
				return null;
			}
			int end = path.indexOf(']', prefix.length());
			try {
				int child = Integer.parseInt(path.substring(prefix.length(), end));
				return (child < this.rows.size()) ? this.rows.get(child) : null;
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

	}

}
