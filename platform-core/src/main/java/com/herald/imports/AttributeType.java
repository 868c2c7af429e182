package com.herald.imports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.herald.tenancy.InvalidInputException;

/**
 * The type an attribute column is read as; audiences compare attributes by these types.
 * Dates are stored as ISO text ({@code 2025-03-31}), numbers as JSON numbers.
 */
public enum AttributeType {

	TEXT, NUMBER, DATE, BOOLEAN;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static AttributeType fromKey(String key) {
		try {
			return valueOf(key.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("type", "Use text, number, date or boolean");
		}
	}

	/**
	 * The cell as this type.
	 * @throws IllegalArgumentException with a reason a person understands
	 */
	Object read(String cell) {
		String value = cell.strip();
		return switch (this) {
			case TEXT -> value;
			case NUMBER -> {
				try {
					BigDecimal number = new BigDecimal(value);
					if (number.precision() - number.scale() > 100 || number.scale() > 100) {
						throw new IllegalArgumentException("a number with more than 100 digits");
					}
					yield number;
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("not a number");
				}
			}
			case DATE -> {
				try {
					yield LocalDate.parse(value).toString();
				}
				catch (DateTimeParseException ex) {
					throw new IllegalArgumentException("not a date like 2025-03-31");
				}
			}
			case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
				case "true", "yes", "y", "1" -> Boolean.TRUE;
				case "false", "no", "n", "0" -> Boolean.FALSE;
				default -> throw new IllegalArgumentException("not true/false or yes/no");
			};
		};
	}

}
