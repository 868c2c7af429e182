package com.herald.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;

/**
 * A JPA transaction manager that, as each transaction begins, binds the thread's
 * {@link TenantContext} to the database session with {@code set_config(..., true)} (that
 * is, {@code SET LOCAL}: it ends with the transaction, so a pooled connection never
 * carries a tenant into its next use). JDBC work inside the transaction runs on the same
 * connection and is bound too.
 */
public class TenantBindingTransactionManager extends JpaTransactionManager {

	private static final String BIND_SQL = "SELECT set_config('app.tenant_id', ?, true), set_config('app.platform_access', ?, true)";

	public TenantBindingTransactionManager(EntityManagerFactory entityManagerFactory) {
		super(entityManagerFactory);
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		super.doBegin(transaction, definition);
		DataSource dataSource = getDataSource();
		Connection connection = DataSourceUtils.getConnection(dataSource);
		try (PreparedStatement statement = connection.prepareStatement(BIND_SQL)) {
			statement.setString(1, tenantSetting(TenantContext.binding()));
			statement.setString(2, platformSetting(TenantContext.binding()));
			statement.execute();
		}
		catch (SQLException ex) {
			throw new TransactionSystemException("Could not bind the tenant to the transaction", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, dataSource);
		}
	}

	/**
	 * Rebinds the transaction running on this thread (it must be one this manager began).
	 */
	static void bind(JdbcTemplate jdbc, TenantContext.@Nullable Binding binding) {
		jdbc.queryForList(BIND_SQL, tenantSetting(binding), platformSetting(binding));
	}

	private static String tenantSetting(TenantContext.@Nullable Binding binding) {
		return (binding != null && binding.tenantId() != null) ? binding.tenantId().toString() : "";
	}

	private static String platformSetting(TenantContext.@Nullable Binding binding) {
		return (binding != null && binding.platform()) ? "on" : "";
	}

}
