package com.herald.tenancy;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
class TenantServiceIntegrationTests {

	@Autowired
	TenantService tenants;

	@Test
	void rejectsDuplicateSlugAndKeepsTheFirstTenant() {
		Tenant first = this.tenants.create(TwoTenants.platform(), "dup-" + System.nanoTime(), "First");
		assertThatThrownBy(() -> this.tenants.create(TwoTenants.platform(), first.getSlug(), "Second"))
			.isInstanceOf(DuplicateException.class)
			.hasMessageContaining("already taken");
		assertThat(this.tenants.get(TwoTenants.platform(), first.getId()).getName()).isEqualTo("First");
	}

}
