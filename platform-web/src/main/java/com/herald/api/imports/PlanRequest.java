package com.herald.api.imports;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.imports.AttributeType;
import com.herald.imports.ColumnMapping;
import com.herald.imports.DuplicatePolicy;
import com.herald.imports.HeaderMapping;
import com.herald.imports.ImportField;
import com.herald.imports.ImportPlan;
import com.herald.tenancy.InvalidInputException;

/**
 * How to apply an uploaded file.
 *
 * @param columns the mapped columns by position (the others are ignored)
 * @param mapping the mapped columns by header name: header to target, a field
 * ({@code "Phone Number": "phone"}) or a typed attribute
 * ({@code "Market": "attribute:market:text"}); may be combined with {@code columns}
 * @param duplicates {@code skip} (default) or {@code update}
 * @param consentWording where the consent comes from and what people agreed to
 * @param consentChannels channels the consent covers: {@code sms}, {@code whatsapp},
 * {@code email}
 */
record PlanRequest(@Nullable List<ColumnRequest> columns, @Nullable Map<String, String> mapping,
		@Nullable String duplicates, @Nullable String consentWording, @Nullable List<String> consentChannels) {

	/** The plan for a file with this {@code header}. */
	ImportPlan toPlan(List<String> header) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<ColumnMapping> mappings = new ArrayList<>();
		if (this.mapping != null) {
			try {
				mappings.addAll(HeaderMapping.resolve(this.mapping, header));
			}
			catch (InvalidInputException ex) {
				errors.putAll(ex.getFieldErrors());
			}
		}
		List<ColumnRequest> given = (this.columns != null) ? this.columns : List.of();
		for (int i = 0; i < given.size(); i++) {
			ColumnRequest column = given.get(i);
			String at = "columns[" + i + "]";
			if (column == null || column.column() == null) {
				errors.put(at, "Give the column's position, from 0");
				continue;
			}
			if (column.field() != null) {
				ImportField.fromKey(column.field())
					.ifPresentOrElse((field) -> mappings.add(ColumnMapping.field(column.column(), field)),
							() -> errors.put(at + ".field",
									"Use externalId, firstName, lastName, email, phone, locale, timezone or tags"));
			}
			else if (column.attribute() != null) {
				try {
					mappings.add(ColumnMapping.attribute(column.column(), column.attribute(),
							AttributeType.fromKey((column.type() != null) ? column.type() : "text")));
				}
				catch (InvalidInputException ex) {
					errors.put(at + ".type", "Use text, number, date or boolean");
				}
			}
			else {
				errors.put(at, "Give a field or an attribute");
			}
		}
		DuplicatePolicy policy = DuplicatePolicy.SKIP;
		if (this.duplicates != null) {
			try {
				policy = DuplicatePolicy.fromKey(this.duplicates);
			}
			catch (InvalidInputException ex) {
				errors.putAll(ex.getFieldErrors());
			}
		}
		Set<Channel> channels = EnumSet.noneOf(Channel.class);
		for (String channel : (this.consentChannels != null) ? this.consentChannels : List.<String>of()) {
			try {
				channels.add(Channel.fromKey(String.valueOf(channel)));
			}
			catch (InvalidInputException ex) {
				errors.put("consentChannels", "Use sms, whatsapp or email");
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new ImportPlan(mappings, policy, this.consentWording, channels);
	}

}
