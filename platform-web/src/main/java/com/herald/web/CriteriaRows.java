package com.herald.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.herald.audience.Condition;
import com.herald.audience.CriteriaJson;
import com.herald.audience.Criterion;
import com.herald.audience.Group;
import com.herald.tenancy.InvalidInputException;

/**
 * Criteria as form fields, both ways, for the pages that build criteria (segments, the
 * broadcast wizard): condition rows ({@code field<i>}, {@code operator<i>},
 * {@code value<i>}) joined by {@code logic} AND or OR, or, for nested AND/OR/NOT trees,
 * {@code criteriaJson} (read when no row names a field).
 */
public final class CriteriaRows {

	private CriteriaRows() {
	}

	/**
	 * The tree the first {@code rowCount} rows (or the JSON) describe, and which row each
	 * of its children came from.
	 * @throws InvalidInputException on {@code field0} when nothing is given, or with the
	 * JSON's node errors
	 */
	public static Built read(Map<String, String> fields, int rowCount) {
		List<Criterion> conditions = new ArrayList<>();
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < rowCount; i++) {
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

	/**
	 * Puts {@code logic} and the rows of a flat AND/OR group of at most {@code rowCount}
	 * conditions into the fields; else {@code logic} AND and the tree as
	 * {@code criteriaJson}.
	 */
	public static void write(Criterion tree, int rowCount, Map<String, String> fields) {
		List<Condition> conditions = flatConditions(tree, rowCount);
		if (conditions == null) {
			fields.put("logic", "AND");
			fields.put("criteriaJson", CriteriaJson.write(tree));
			return;
		}
		fields.put("logic", (((Group) tree).logic() == Group.Logic.OR) ? "OR" : "AND");
		for (int i = 0; i < conditions.size(); i++) {
			Condition condition = conditions.get(i);
			fields.put("field" + i, condition.field());
			fields.put("operator" + i, (condition.operator() != null) ? condition.operator() : "");
			fields.put("value" + i, String.join(", ", condition.values().stream().map(String::valueOf).toList()));
		}
	}

	/** The group's conditions when the rows can show it, else null. */
	private static @Nullable List<Condition> flatConditions(Criterion tree, int rowCount) {
		if (!(tree instanceof Group group) || group.logic() == Group.Logic.NOT || group.children().size() > rowCount) {
			return null;
		}
		List<Condition> conditions = new ArrayList<>();
		for (Criterion child : group.children()) {
			// typed conditions other than text attributes have no row form
			if (!(child instanceof Condition condition) || condition.field() == null
					|| (condition.type() != null && !"text".equals(condition.type()))) {
				return null;
			}
			conditions.add(condition);
		}
		return conditions;
	}

	private static String value(Map<String, String> fields, String name) {
		String value = fields.get(name);
		return (value != null) ? value.strip() : "";
	}

	/**
	 * A tree built from the fields.
	 *
	 * @param tree the criteria
	 * @param rows the row of each of the root group's children, empty when the tree came
	 * from JSON
	 */
	public record Built(Criterion tree, List<Integer> rows) {

		/**
		 * The row a node's path points into ({@code root.children[k]...}), if any, so a
		 * node's error can be shown beside its row.
		 */
		public @Nullable Integer row(String path) {
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
