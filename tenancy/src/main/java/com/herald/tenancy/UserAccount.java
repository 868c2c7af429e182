package com.herald.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

/**
 * A person who signs in to Herald: global (one person can work for several tenants), with
 * a local password or only an OIDC identity. What the person may do comes from the
 * platform flag and from memberships.
 */
@Entity
@Table(name = "user_accounts")
public class UserAccount {

	/** Failed sign-ins in a row that lock an account. */
	public static final int MAX_FAILED_ATTEMPTS = 5;

	/** How long a lock lasts. */
	public static final Duration LOCK_DURATION = Duration.ofMinutes(15);

	@Id
	private UUID id;

	private String email;

	@Column(name = "display_name")
	private String displayName;

	@Column(name = "password_hash")
	private @Nullable String passwordHash;

	@Column(name = "super_admin")
	private boolean superAdmin;

	private String status;

	@Column(name = "failed_attempts")
	private int failedAttempts;

	@Column(name = "locked_until")
	private @Nullable Instant lockedUntil;

	@Column(name = "last_login_at")
	private @Nullable Instant lastLoginAt;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private long version;

	protected UserAccount() {
	}

	UserAccount(UserId id, String email, String displayName, @Nullable String passwordHash, boolean superAdmin) {
		this.id = id.value();
		this.email = email;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.superAdmin = superAdmin;
		this.status = "ACTIVE";
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	public UserId getId() {
		return new UserId(this.id);
	}

	public String getEmail() {
		return this.email;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public @Nullable String getPasswordHash() {
		return this.passwordHash;
	}

	public boolean isSuperAdmin() {
		return this.superAdmin;
	}

	public boolean isEnabled() {
		return "ACTIVE".equals(this.status);
	}

	public boolean isLocked(Instant now) {
		return this.lockedUntil != null && this.lockedUntil.isAfter(now);
	}

	public @Nullable Instant getLockedUntil() {
		return this.lockedUntil;
	}

	public int getFailedAttempts() {
		return this.failedAttempts;
	}

	public @Nullable Instant getLastLoginAt() {
		return this.lastLoginAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/** Counts a failed sign-in; returns true when this one locked the account. */
	boolean recordFailedSignIn(Instant now) {
		this.failedAttempts++;
		if (this.failedAttempts >= MAX_FAILED_ATTEMPTS && !isLocked(now)) {
			this.lockedUntil = now.plus(LOCK_DURATION);
			this.failedAttempts = 0;
			return true;
		}
		return false;
	}

	void recordSignIn(Instant now) {
		this.failedAttempts = 0;
		this.lockedUntil = null;
		this.lastLoginAt = now;
	}

	void changePassword(String newHash) {
		this.passwordHash = newHash;
		this.updatedAt = Instant.now();
	}

	void rename(String newDisplayName) {
		this.displayName = newDisplayName;
		this.updatedAt = Instant.now();
	}

}
