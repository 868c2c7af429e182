package com.herald.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;

/**
 * Turns the API's plain JSON values into Herald's types, reporting bad values per field
 * as the services do.
 */
public final class ApiInputs {

	private ApiInputs() {
	}

	/** A role by name ({@code TENANT_ADMIN}, …), one of {@code allowed}. */
	public static Role role(String field, @Nullable String value, Collection<Role> allowed) {
		String name = (value != null) ? value.strip().toUpperCase(Locale.ROOT) : "";
		return Arrays.stream(Role.values())
			.filter((role) -> role.name().equals(name) && allowed.contains(role))
			.findFirst()
			.orElseThrow(() -> new InvalidInputException(field,
					"Use one of " + allowed.stream().map(Role::name).sorted().collect(Collectors.joining(", "))));
	}

	public static Set<StoreId> storeIds(@Nullable List<UUID> ids) {
		if (ids == null) {
			return Set.of();
		}
		if (ids.stream().anyMatch(java.util.Objects::isNull)) {
			throw new InvalidInputException("storeIds", "Use store ids, without nulls");
		}
		return ids.stream().map(StoreId::new).collect(Collectors.toUnmodifiableSet());
	}

}
