package com.herald.imports;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.contact.ContactInputs;
import com.herald.tenancy.InvalidInputException;

/**
 * How to apply a file: the column mapping, what to do with duplicates, and the consent
 * the imported contacts gave (the wording they agreed to, e.g. "in-store sign-up form,
 * 2025", and the channels it covers).
 *
 * @param columns the mapped columns; the others are ignored
 * @param duplicates the duplicates policy
 * @param consentWording the consent's source and wording; required with channels
 * @param consentChannels the channels the consent covers; may be empty (no consent
 * recorded)
 */
public record ImportPlan(List<ColumnMapping> columns, DuplicatePolicy duplicates, @Nullable String consentWording,
		Set<Channel> consentChannels) {

	/**
	 * Channels an import can grant: those reached by an email address or phone number.
	 */
	public static final Set<Channel> GRANTABLE = EnumSet.of(Channel.SMS, Channel.WHATSAPP, Channel.EMAIL);

	public ImportPlan {
		columns = List.copyOf(columns);
		consentChannels = consentChannels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(consentChannels));
		consentWording = (consentWording == null || consentWording.isBlank()) ? null : consentWording.strip();
	}

	/**
	 * Checks the plan against a file with {@code width} columns; every problem is
	 * reported at once, by field.
	 */
	void check(int width) {
		Map<String, String> errors = new LinkedHashMap<>();
		Set<Integer> seenColumns = new HashSet<>();
		Set<ImportField> seenFields = EnumSet.noneOf(ImportField.class);
		Set<String> seenAttributes = new HashSet<>();
		for (ColumnMapping mapping : this.columns) {
			String at = "columns[" + mapping.column() + "]";
			if (mapping.column() < 0 || mapping.column() >= width) {
				errors.put(at, "The file has columns 0 to " + (width - 1));
			}
			else if (!seenColumns.add(mapping.column())) {
				errors.put(at, "Map each column once");
			}
			if (mapping.field() != null) {
				if (!seenFields.add(mapping.field())) {
					errors.put(at, "Map " + mapping.field().label().toLowerCase(java.util.Locale.ROOT)
							+ " from one column only");
				}
			}
			else if (mapping.type() == null) {
				errors.put(at, "Choose the attribute's type");
			}
			else {
				try {
					String key = ContactInputs.attributeKey(at, mapping.attribute());
					if (!seenAttributes.add(key)) {
						errors.put(at, "Map attribute " + key + " from one column only");
					}
				}
				catch (InvalidInputException ex) {
					errors.putAll(ex.getFieldErrors());
				}
			}
		}
		if (!seenFields.contains(ImportField.EXTERNAL_ID) && !seenFields.contains(ImportField.EMAIL)
				&& !seenFields.contains(ImportField.PHONE)) {
			errors.put("columns", "Map at least one of external id, email or phone: they identify contacts");
		}
		if (!GRANTABLE.containsAll(this.consentChannels)) {
			errors.put("consentChannels", "An import can grant consent for sms, whatsapp and email");
		}
		if (!this.consentChannels.isEmpty() && this.consentWording == null) {
			errors.put("consentWording",
					"Say where the consent comes from and what people agreed to, e.g. \"in-store sign-up form, 2025\"");
		}
		if (this.consentWording != null && (this.consentWording.length() > ConsentService.MAX_WORDING
				|| this.consentWording.indexOf('\0') >= 0)) {
			errors.put("consentWording", "Use at most " + ConsentService.MAX_WORDING + " characters, no NUL");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
	}

}
