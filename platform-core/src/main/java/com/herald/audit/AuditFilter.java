package com.herald.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * Which audit events to show, export or count. Every part is optional; an empty filter
 * matches the whole chain. Values are compared as given (after trimming), never spliced
 * into SQL.
 *
 * @param from events at or after this instant
 * @param to events strictly before this instant
 * @param actor an actor id (exact) or a part of the actor's label (case-insensitive)
 * @param action an action ({@code store.created}), or a prefix when it ends with
 * {@code .} or {@code *} ({@code store.} matches every store action)
 * @param storeId events about this store
 * @param targetType kind of target ({@code store}, {@code membership})
 * @param targetId the target's id
 */
public record AuditFilter(@Nullable Instant from, @Nullable Instant to, @Nullable String actor, @Nullable String action,
		@Nullable StoreId storeId, @Nullable String targetType, @Nullable String targetId) {

	public AuditFilter {
		actor = clean(actor);
		action = clean(action);
		targetType = clean(targetType);
		targetId = clean(targetId);
	}

	/** Matches every event of the chain. */
	public static AuditFilter all() {
		return new AuditFilter(null, null, null, null, null, null, null);
	}

	public AuditFilter withAction(@Nullable String action) {
		return new AuditFilter(this.from, this.to, this.actor, action, this.storeId, this.targetType, this.targetId);
	}

	public AuditFilter withActor(@Nullable String actor) {
		return new AuditFilter(this.from, this.to, actor, this.action, this.storeId, this.targetType, this.targetId);
	}

	public AuditFilter withTarget(@Nullable String type, @Nullable String id) {
		return new AuditFilter(this.from, this.to, this.actor, this.action, this.storeId, type, id);
	}

	public AuditFilter withStore(@Nullable StoreId store) {
		return new AuditFilter(this.from, this.to, this.actor, this.action, store, this.targetType, this.targetId);
	}

	public AuditFilter between(@Nullable Instant from, @Nullable Instant to) {
		return new AuditFilter(from, to, this.actor, this.action, this.storeId, this.targetType, this.targetId);
	}

	/** Whether {@link #action} asks for every action that starts with it. */
	public boolean actionIsPrefix() {
		return this.action != null && (this.action.endsWith(".") || this.action.endsWith("*"));
	}

	/** The prefix an {@link #actionIsPrefix() action prefix} stands for. */
	String actionPrefix() {
		String value = (this.action != null) ? this.action : "";
		return value.endsWith("*") ? value.substring(0, value.length() - 1) : value;
	}

	/**
	 * What the filter asks for, as recorded in the {@code audit.exported} event: only the
	 * parts that are set.
	 */
	public Map<String, String> summary() {
		Map<String, String> summary = new LinkedHashMap<>();
		put(summary, "from", this.from);
		put(summary, "to", this.to);
		put(summary, "actor", this.actor);
		put(summary, "action", this.action);
		put(summary, "storeId", this.storeId);
		put(summary, "targetType", this.targetType);
		put(summary, "targetId", this.targetId);
		return summary;
	}

	/**
	 * Rejects filters that can match nothing sensible, field by field.
	 * @throws InvalidInputException naming the offending field
	 */
	public AuditFilter validate() {
		Map<String, String> errors = new LinkedHashMap<>();
		if (this.from != null && this.to != null && !this.from.isBefore(this.to)) {
			errors.put("to", "The end of the time range must be after its start");
		}
		tooLong(errors, "actor", this.actor, 320);
		tooLong(errors, "action", this.action, 64);
		tooLong(errors, "targetType", this.targetType, 64);
		tooLong(errors, "targetId", this.targetId, 64);
		if (this.action != null && this.actionPrefix().isEmpty()) {
			errors.put("action", "Give at least one character before the wildcard");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return this;
	}

	private static void tooLong(Map<String, String> errors, String field, @Nullable String value, int max) {
		if (value != null && value.length() > max) {
			errors.put(field, "Use at most " + max + " characters");
		}
	}

	private static void put(Map<String, String> summary, String key, @Nullable Object value) {
		if (value != null) {
			summary.put(key, value.toString());
		}
	}

	private static @Nullable String clean(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String stripped = value.strip();
		return stripped.isEmpty() ? null : stripped;
	}

}
