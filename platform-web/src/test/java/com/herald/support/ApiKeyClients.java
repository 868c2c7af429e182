package com.herald.support;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.herald.tenancy.Actor;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.Role;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.UserAccountService;

/**
 * REST API callers with a fresh API key, as a bean: a test needs one field instead of the
 * key service, the account service and the port.
 */
@Component
public class ApiKeyClients {

	private final ApiKeyService apiKeys;

	private final UserAccountService accounts;

	private final Environment environment;

	ApiKeyClients(ApiKeyService apiKeys, UserAccountService accounts, Environment environment) {
		this.apiKeys = apiKeys;
		this.accounts = accounts;
		this.environment = environment;
	}

	/** A caller with a key the tenant's admin issued for {@code role}. */
	public ApiClient issue(TenantFixture tenant, String name, Role role) {
		return issue(tenant.admin(this.accounts), name, role);
	}

	/** A caller with a key {@code issuer} issued for {@code role}. */
	public ApiClient issue(Actor issuer, String name, Role role) {
		// the port of the running server, known once it has started
		int port = this.environment.getRequiredProperty("local.server.port", Integer.class);
		return ApiClient.bearer(port, this.apiKeys.create(issuer, name, role).key());
	}

}
