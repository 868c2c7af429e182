package com.herald.tenancy;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a transaction bound to one tenant, or with explicit platform access.
 * Services use it instead of {@code @Transactional} so the binding comes from the tenant
 * they were given, not from whatever the calling thread happens to carry. Called inside a
 * transaction that is already running, it rebinds that transaction for the duration of
 * the work and restores the previous binding after.
 */
@Component
public class TenantTransactions {

	private final TransactionTemplate readWrite;

	private final TransactionTemplate readOnly;

	private final JdbcTemplate jdbc;

	public TenantTransactions(PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
		this.readWrite = new TransactionTemplate(transactionManager);
		this.readOnly = new TransactionTemplate(transactionManager);
		this.readOnly.setReadOnly(true);
		this.jdbc = jdbc;
	}

	public <T> T inTenant(TenantId tenant, Supplier<T> work) {
		TenantContext.Binding outer = TenantContext.binding();
		return TenantContext.callInTenant(tenant, () -> run(this.readWrite, work, outer));
	}

	public void runInTenant(TenantId tenant, Runnable work) {
		inTenant(tenant, () -> {
			work.run();
			return null;
		});
	}

	public <T> T readInTenant(TenantId tenant, Supplier<T> work) {
		TenantContext.Binding outer = TenantContext.binding();
		return TenantContext.callInTenant(tenant, () -> run(this.readOnly, work, outer));
	}

	/** Platform access: every tenant's rows. Callers audit what they change. */
	public <T> T asPlatform(Supplier<T> work) {
		TenantContext.Binding outer = TenantContext.binding();
		return TenantContext.callAsPlatform(() -> run(this.readWrite, work, outer));
	}

	public <T> T readAsPlatform(Supplier<T> work) {
		TenantContext.Binding outer = TenantContext.binding();
		return TenantContext.callAsPlatform(() -> run(this.readOnly, work, outer));
	}

	/**
	 * @param outer the binding before this call, which the running transaction's session
	 * gets back afterwards (TenantContext restores the thread's own binding only once
	 * this returns, so it must be captured before the call)
	 */
	private <T> T run(TransactionTemplate template, Supplier<T> work, TenantContext.@Nullable Binding outer) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			return template.execute((status) -> work.get());
		}
		TenantBindingTransactionManager.bind(this.jdbc, TenantContext.binding());
		try {
			return work.get();
		}
		finally {
			TenantBindingTransactionManager.bind(this.jdbc, outer);
		}
	}

}
