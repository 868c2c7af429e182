package com.herald.broadcast;

import java.util.List;
import java.util.Locale;

import com.herald.tenancy.Role;

/**
 * A tenant's broadcast settings.
 *
 * @param approval whose broadcasts need a tenant admin's approval before they go out
 * @param testNumbers the E.164 numbers test sends go to
 */
public record BroadcastSettings(Approval approval, List<String> testNumbers) {

	public static final int MAX_TEST_NUMBERS = 10;

	public static final BroadcastSettings DEFAULTS = new BroadcastSettings(Approval.NEVER, List.of());

	public BroadcastSettings {
		testNumbers = List.copyOf(testNumbers);
	}

	/** Whose broadcasts need approval. */
	public enum Approval {

		NEVER, STORE_MANAGERS, EVERYONE;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Approval fromKey(String key) {
			return valueOf(key.toUpperCase(Locale.ROOT));
		}

		/**
		 * Whether a broadcast written by someone in {@code authorRole} needs approval.
		 */
		public boolean requiredFor(Role authorRole) {
			return switch (this) {
				case NEVER -> false;
				case STORE_MANAGERS -> authorRole == Role.STORE_MANAGER;
				case EVERYONE -> true;
			};
		}

	}

}
