package com.herald.email.dkim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.audit.AuditFilter;
import com.herald.audit.AuditService;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sender domains through the REST API: adding one answers with the DKIM record to publish
 * (a real RSA 2048 public key) while the private key is stored sealed; messages are
 * signed only once the admin confirms the record is published; bad and duplicate domains
 * are refused; another tenant cannot see, confirm or sign with the domain.
 */
@HeraldWebTest
class SenderDomainApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SenderDomainService domains;

	@Autowired
	AuditService audit;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	private ApiClient api;

	@BeforeEach
	void tenantAdmin() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.api = ApiClient.bearer(this.port, ApiClient.jwtFor(this.tenant.adminEmail(), true));
	}

	@Test
	void answersWithTheDnsRecordsAndKeepsThePrivateKeySealed() throws Exception {
		ApiResponse added = this.api.post("/api/v1/sender-domains", java.util.Map.of("domain", "News.Example.COM."));

		assertThat(added.status()).as(added.toString()).isEqualTo(201);
		String id = added.json().path("id").asString();
		String selector = added.json().path("selector").asString();
		assertThat(added.json().path("domain").asString()).isEqualTo("news.example.com");
		assertThat(added.json().path("dkimRecordName").asString()).isEqualTo(selector + "._domainkey.news.example.com");
		String value = added.json().path("dkimRecordValue").asString();
		assertThat(value).startsWith("v=DKIM1; k=rsa; p=");
		java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory
			.getInstance("RSA")
			.generatePublic(new java.security.spec.X509EncodedKeySpec(
					Base64.getDecoder().decode(value.substring(value.indexOf("p=") + 2))));
		assertThat(key.getModulus().bitLength()).isEqualTo(2048);
		assertThat(added.json().path("dmarcRecordName").asString()).isEqualTo("_dmarc.news.example.com");
		assertThat(added.json().path("signing").asBoolean()).isFalse();

		byte[] sealed = this.transactions.readInTenant(this.tenant.id(),
				() -> this.jdbc.queryForObject(
						"SELECT private_key_sealed FROM email_sender_domains WHERE tenant_id = ? AND id = ?::uuid",
						byte[].class, this.tenant.id().value(), id));
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("MII");
		assertThat(this.audit.search(this.admin, AuditFilter.all().withAction("sender-domain.added"), null, 1)
			.events()
			.get(0)
			.toString()).contains("news.example.com").doesNotContain("MII");
	}

	@Test
	void signsOnlyOnceTheAdminConfirmsTheRecordIsPublished() {
		String id = this.api.post("/api/v1/sender-domains", java.util.Map.of("domain", "mail.example.org"))
			.json()
			.path("id")
			.asString();
		assertThat(this.domains.signingKey(this.tenant.id(), "mail.example.org")).isEmpty();

		ApiResponse confirmed = this.api.put("/api/v1/sender-domains/" + id + "/signing",
				java.util.Map.of("signing", true));

		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
		assertThat(confirmed.json().path("signing").asBoolean()).isTrue();
		DkimKey key = this.domains.signingKey(this.tenant.id(), "mail.example.org").orElseThrow();
		assertThat(key.selector()).isEqualTo(confirmed.json().path("selector").asString());
		assertThat(key.privateKey().getModulus().bitLength()).isEqualTo(2048);

		this.api.put("/api/v1/sender-domains/" + id + "/signing", java.util.Map.of("signing", false));
		assertThat(this.domains.signingKey(this.tenant.id(), "mail.example.org")).isEmpty();
		assertThat(this.api.delete("/api/v1/sender-domains/" + id).status()).isEqualTo(204);
		assertThat(this.api.get("/api/v1/sender-domains/" + id).status()).isEqualTo(404);
	}

	@Test
	void refusesBadAndDuplicateDomains() {
		this.api.post("/api/v1/sender-domains", java.util.Map.of("domain", "dup.example.net"));

		ApiResponse bad = this.api.post("/api/v1/sender-domains", java.util.Map.of("domain", "not a domain"));
		ApiResponse duplicate = this.api.post("/api/v1/sender-domains", java.util.Map.of("domain", "DUP.example.net"));

		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").has("domain")).isTrue();
		assertThat(duplicate.status()).isEqualTo(400);
		assertThat(duplicate.json().path("errors").path("domain").asString()).contains("already added");
		assertThat(this.api.get("/api/v1/sender-domains").json().path("items").size()).isEqualTo(1);
	}

	@Test
	void anotherTenantCannotSeeConfirmOrSignWithTheDomain() {
		String id = this.api.post("/api/v1/sender-domains", java.util.Map.of("domain", "a-only.example.com"))
			.json()
			.path("id")
			.asString();
		this.api.put("/api/v1/sender-domains/" + id + "/signing", java.util.Map.of("signing", true));
		TwoTenants.TenantFixture other = this.tenancy.tenant();
		ApiClient otherAdmin = ApiClient.bearer(this.port, ApiClient.jwtFor(other.adminEmail(), true));

		assertThat(otherAdmin.get("/api/v1/sender-domains/" + id).status()).isEqualTo(404);
		assertThat(otherAdmin.put("/api/v1/sender-domains/" + id + "/signing", java.util.Map.of("signing", false))
			.status()).isEqualTo(404);
		assertThat(otherAdmin.get("/api/v1/sender-domains").body()).doesNotContain("a-only.example.com");
		assertThat(this.domains.signingKey(other.id(), "a-only.example.com")).isEmpty();
		assertThat(this.domains.signingKey(this.tenant.id(), "a-only.example.com")).isPresent();
	}

}
