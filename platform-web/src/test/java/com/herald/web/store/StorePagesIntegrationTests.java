package com.herald.web.store;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorePagesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	StoreService stores;

	@Autowired
	UserAccountService accounts;

	TwoTenants two;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
	}

	@Test
	void listsOnlyTheStoreManagersOwnStores() {
		WebSession manager = signIn(this.two.a().managerEmail());
		String body = manager.get("/stores").body();
		assertThat(body).contains(this.two.a().storeOne().getName()).doesNotContain(this.two.a().storeTwo().getName());
		assertThat(body).doesNotContain("New store");
	}

	@Test
	void showsTheForbiddenPageForAnotherStoreOfTheTenant() {
		WebSession manager = signIn(this.two.a().managerEmail());
		String other = "/stores/" + this.two.a().storeTwo().getId();
		HttpResponse<String> page = manager.get(other);
		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("You do not have access to this page")
			.doesNotContain("Exception")
			.doesNotContain("at com.herald");

		manager.get("/stores/" + this.two.a().storeOne().getId());
		HttpResponse<String> post = manager.post(other, storeFields("Taken Over", "Madrid"));
		assertThat(post.statusCode()).isEqualTo(403);
		assertThat(this.stores.get(this.two.a().admin(this.accounts), this.two.a().storeTwo().getId()).getName())
			.isEqualTo(this.two.a().storeTwo().getName());
	}

	@Test
	void showsNotFoundForAnotherTenantsStoreAndForMadeUpIds() {
		WebSession admin = signIn(this.two.a().adminEmail());
		HttpResponse<String> foreign = admin.get("/stores/" + this.two.b().storeOne().getId());
		assertThat(foreign.statusCode()).isEqualTo(404);
		assertThat(foreign.body()).contains("Page not found").doesNotContain(this.two.b().storeOne().getName());
		assertThat(admin.get("/stores/not-a-store").statusCode()).isEqualTo(404);
	}

	@Test
	void keepsWhatWasTypedAndShowsTheErrorBesideItsField() {
		WebSession admin = signIn(this.two.a().adminEmail());
		long before = storeCount();
		admin.get("/stores/new");
		HttpResponse<String> page = admin.post("/stores", storeFields("Harbour Front", " "));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"city-error\"")
			.contains("This field is required")
			.containsPattern("id=\"city\"[^>]*aria-invalid=\"true\"")
			.containsPattern("id=\"city\"[^>]*aria-describedby=\"city-error\"")
			.containsPattern("id=\"name\"[^>]*value=\"Harbour Front\"")
			.containsPattern("<option value=\"Europe/Madrid\" selected");
		assertThat(storeCount()).isEqualTo(before);

		HttpResponse<String> created = admin.post("/stores", storeFields("Harbour Front", "Valencia"));
		assertThat(created.statusCode()).isEqualTo(302);
		assertThat(admin.get(location(created)).body()).contains("Harbour Front")
			.contains("Store Harbour Front is created.");
	}

	@Test
	void refusesStorePagesToComplianceOfficers() {
		WebSession compliance = signIn(this.two.a().complianceEmail());
		assertThat(compliance.get("/stores").statusCode()).isEqualTo(403);
	}

	private long storeCount() {
		return this.stores.list(this.two.a().admin(this.accounts), Pageable.ofSize(100)).getTotalElements();
	}

	private WebSession signIn(String email) {
		return WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
	}

	private static Map<String, String> storeFields(String name, String city) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", name);
		fields.put("timezone", "Europe/Madrid");
		fields.put("addressLine1", "3 Calle Mayor");
		fields.put("addressLine2", "");
		fields.put("city", city);
		fields.put("region", "");
		fields.put("postalCode", "46001");
		fields.put("country", "ES");
		fields.put("defaultPhoneRegion", "ES");
		return fields;
	}

	/** Where a redirect goes, as a path on this server. */
	private static String location(HttpResponse<String> response) {
		URI uri = URI.create(response.headers().firstValue("Location").orElseThrow());
		return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

}
