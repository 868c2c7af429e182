package com.herald.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.tenancy.Role;

/**
 * How pages write roles and times, in one place: {@code ${@labels.role(member.role)}} in
 * a template.
 */
@Component("labels")
public class Labels {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	public String role(@Nullable Role role) {
		if (role == null) {
			return "";
		}
		return switch (role) {
			case SUPER_ADMIN -> "Super admin";
			case TENANT_ADMIN -> "Tenant admin";
			case STORE_MANAGER -> "Store manager";
			case COMPLIANCE_OFFICER -> "Compliance officer";
		};
	}

	/** A moment in UTC, or "Never". */
	public String when(@Nullable Instant instant) {
		return (instant != null) ? WHEN.format(instant) : "Never";
	}

	/** An enum constant as a word: {@code PENDING} becomes "Pending". */
	public String status(@Nullable Enum<?> status) {
		if (status == null) {
			return "";
		}
		String words = status.name().replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
