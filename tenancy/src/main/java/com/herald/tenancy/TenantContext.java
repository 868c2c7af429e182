package com.herald.tenancy;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The tenant the current thread works for. Every transaction started while a tenant is
 * bound binds it to the database session ({@code app.tenant_id}), where row-level
 * security confines every statement to that tenant's rows. With nothing bound,
 * tenant-owned tables show nothing: isolation fails closed.
 * <p>
 * Platform work that must cross tenants (super admins managing tenants, sign-in lookups)
 * runs through {@link #callAsPlatform}, an explicit path the caller audits.
 */
public final class TenantContext {

	private static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

	private TenantContext() {
	}

	/** What is bound now. */
	public record Binding(@Nullable TenantId tenantId, boolean platform) {

	}

	public static Optional<TenantId> currentTenant() {
		Binding binding = CURRENT.get();
		return Optional.ofNullable((binding != null) ? binding.tenantId() : null);
	}

	public static TenantId requireTenant() {
		return currentTenant().orElseThrow(() -> new IllegalStateException("No tenant is bound to this thread"));
	}

	public static boolean isPlatform() {
		Binding binding = CURRENT.get();
		return binding != null && binding.platform();
	}

	static @Nullable Binding binding() {
		return CURRENT.get();
	}

	/**
	 * Runs {@code work} for one tenant; transactions it starts see only that tenant's
	 * rows.
	 */
	public static <T> T callInTenant(TenantId tenantId, Supplier<T> work) {
		return call(new Binding(tenantId, false), work);
	}

	public static void runInTenant(TenantId tenantId, Runnable work) {
		callInTenant(tenantId, () -> {
			work.run();
			return null;
		});
	}

	/**
	 * Runs {@code work} with platform access: transactions it starts may read and write
	 * every tenant's rows. Keep such paths few, explicit and audited.
	 */
	public static <T> T callAsPlatform(Supplier<T> work) {
		return call(new Binding(null, true), work);
	}

	public static void runAsPlatform(Runnable work) {
		callAsPlatform(() -> {
			work.run();
			return null;
		});
	}

	/**
	 * Binds for the rest of a request; the caller must {@link #clear()} in a finally
	 * block.
	 */
	public static void bind(@Nullable TenantId tenantId) {
		CURRENT.set(new Binding(tenantId, false));
	}

	public static void clear() {
		CURRENT.remove();
	}

	private static <T> T call(Binding binding, Supplier<T> work) {
		Binding previous = CURRENT.get();
		CURRENT.set(binding);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(previous);
			}
		}
	}

}
