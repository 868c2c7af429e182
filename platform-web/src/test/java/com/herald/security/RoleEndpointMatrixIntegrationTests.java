package com.herald.security;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.herald.audit.AuditFilter;
import com.herald.audit.AuditService;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactQuery;
import com.herald.contact.ContactService;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.Member;
import com.herald.tenancy.MembershipService;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every page and API endpoint, called by every kind of caller: nobody, a super admin,
 * tenant A's admin, store manager (of A's first store only) and compliance officer, and
 * tenant B's admin. Each row names what each caller must get; a denied caller must get
 * exactly 403 or 404 (or the sign-in page / 401 when anonymous), never a 2xx and never a
 * 500. URLs and forms carry tenant A's real ids, so tenant B's admin is crafting ids;
 * afterwards nothing of tenant A (or B) has changed. A caller who may use an endpoint is
 * sent a harmless variant (an invalid form, a spare record) so the matrix changes nothing
 * that matters. A handler the matrix does not list fails {@link #coversEveryEndpoint()}.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleEndpointMatrixIntegrationTests {

	/** The callers, in the order each row lists its outcomes. */
	enum Caller {

		ANONYMOUS, SUPER_ADMIN, A_ADMIN, A_STORE_MANAGER, A_COMPLIANCE, B_ADMIN

	}

	enum Kind {

		PAGE, API

	}

	/** What a caller must get. */
	enum Outcome {

		/** Authorised: anything but 401/403/404, a sign-in redirect or a 5xx. */
		OK,
		/** Exactly 403. */
		DENIED,
		/** Exactly 404: the id is another tenant's, so it does not exist for them. */
		MISSING,
		/** Pages: a redirect to the sign-in page; API: 401. */
		SIGN_IN,
		/** A public endpoint: anything but a 5xx. */
		PUBLIC

	}

	private static final Outcome OK = Outcome.OK;

	private static final Outcome DENIED = Outcome.DENIED;

	private static final Outcome MISSING = Outcome.MISSING;

	private static final Outcome SIGN_IN = Outcome.SIGN_IN;

	private static final Outcome PUBLIC = Outcome.PUBLIC;

	private static final Map<String, String> HTML = Map.of("Accept", "text/html");

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Autowired
	StoreService stores;

	@Autowired
	InvitationService invitations;

	@Autowired
	MembershipService memberships;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyService apiKeys;

	@Autowired
	ApiKeyClients apiKeyClients;

	@Autowired
	AuditService audit;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consents;

	@Autowired
	SuppressionService suppressions;

	// fields: imports (keep this line; add below it)
	@Autowired
	com.herald.imports.ContactImportService contactImports;

	// fields: segments and lists (keep this line; add below it)
	@Autowired
	com.herald.audience.SegmentService segments;

	@Autowired
	com.herald.audience.ListService lists;

	// fields: audience API (keep this line; add below it)

	// fields: SMS settings, outbox and webhooks (keep this line; add below it)
	@Autowired
	com.herald.sms.SmsSettingsService smsSettings;

	// fields: templates and pricing (keep this line; add below it)
	@Autowired
	com.herald.template.TemplateService templates;

	@Autowired
	com.herald.pricing.PricingService pricing;

	// fields: broadcasts (keep this line; add below it)
	@Autowired
	com.herald.broadcast.BroadcastService broadcasts;

	// fields: engine gaps (keep this line; add below it)
	@Autowired
	com.herald.dispatch.QuotaService quotas;

	// fields: email providers and SendGrid (keep this line; add below it)
	@Autowired
	com.herald.email.EmailSettingsService emailSettings;

	@Autowired
	com.herald.channel.ChannelRegistry emailChannels;

	@Autowired
	com.herald.email.EmailOutbox emailOutbox;

	// fields: SMTP, DKIM and tracking (keep this line; add below it)
	@Autowired
	com.herald.email.smtp.SmtpSettingsService smtpSettings;

	@Autowired
	com.herald.email.dkim.SenderDomainService senderDomains;

	@Autowired
	com.herald.email.tracking.EmailTracking emailTracking;

	// fields: preference center (keep this line; add below it)
	@Autowired
	com.herald.preference.BrandingService branding;

	// fields: multi-channel and email compose (keep this line; add below it)

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMappings;

	/** Marks everything this test creates on purpose (spares) or by attack (evil). */
	private final String key = UUID.randomUUID().toString().substring(0, 8);

	private TwoTenants two;

	private TenantFixture a;

	private TenantFixture b;

	private final Map<Caller, WebSession> pages = new EnumMap<>(Caller.class);

	private final Map<Caller, ApiClient> api = new EnumMap<>(Caller.class);

	private String beforeA = "";

	private String beforeB = "";

	private List<Row> rows = List.of();

	@BeforeAll
	void signInEveryCaller() {
		this.two = this.tenancy.twoTenants();
		this.a = this.two.a();
		this.b = this.two.b();
		Actor aAdmin = this.a.admin(this.accounts);
		Actor bAdmin = this.b.admin(this.accounts);

		WebSession anonymous = new WebSession(this.port);
		anonymous.get("/login");
		this.pages.put(Caller.ANONYMOUS, anonymous);
		this.pages.put(Caller.SUPER_ADMIN, signIn(HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD));
		this.pages.put(Caller.A_ADMIN, signIn(this.a.adminEmail(), TwoTenants.PASSWORD));
		this.pages.put(Caller.A_STORE_MANAGER, signIn(this.a.managerEmail(), TwoTenants.PASSWORD));
		this.pages.put(Caller.A_COMPLIANCE, signIn(this.a.complianceEmail(), TwoTenants.PASSWORD));
		this.pages.put(Caller.B_ADMIN, signIn(this.b.adminEmail(), TwoTenants.PASSWORD));

		this.api.put(Caller.ANONYMOUS, ApiClient.anonymous(this.port));
		this.api.put(Caller.SUPER_ADMIN, ApiClient.bearer(this.port, ApiClient.jwtFor(HeraldWebTest.ROOT_EMAIL, true)));
		this.api.put(Caller.A_ADMIN, this.apiKeyClients.issue(aAdmin, "matrix admin", Role.TENANT_ADMIN));
		this.api.put(Caller.A_STORE_MANAGER,
				ApiClient.bearer(this.port, ApiClient.jwtFor(this.a.managerEmail(), true)));
		this.api.put(Caller.A_COMPLIANCE,
				this.apiKeyClients.issue(aAdmin, "matrix compliance", Role.COMPLIANCE_OFFICER));
		this.api.put(Caller.B_ADMIN, this.apiKeyClients.issue(bAdmin, "matrix admin", Role.TENANT_ADMIN));

		this.rows = rows(aAdmin);
		this.beforeA = state(this.a);
		this.beforeB = state(this.b);
	}

	/** Tenant A's records the denied callers aim at, and spares for the allowed ones. */
	private List<Row> rows(Actor aAdmin) {
		String aId = this.a.id().toString();
		String storeOne = this.a.storeOne().getId().toString();
		String storeTwo = this.a.storeTwo().getId().toString();
		String managerMembership = membershipOf(aAdmin, this.a.managerEmail());
		String invitation = this.invitations
			.invite(aAdmin, "victim-" + this.key + "@matrix.test", Role.COMPLIANCE_OFFICER, Set.of())
			.invitation()
			.getId()
			.toString();
		String apiKey = this.apiKeys.create(aAdmin, "victim " + this.key, Role.TENANT_ADMIN)
			.apiKey()
			.getId()
			.toString();
		String spareMemberForPage = spareMember(aAdmin, "page");
		String spareMemberForApi = spareMember(aAdmin, "api");
		String spareInvitationForPage = spareInvitation(aAdmin, "page");
		String spareInvitationForApi = spareInvitation(aAdmin, "api");
		String spareKeyForPage = spareKey(aAdmin, "page");
		String spareKeyForApi = spareKey(aAdmin, "api");
		String spareTenant = this.tenants.create(TwoTenants.platform(), "t-spare-" + this.key, "Spare " + this.key)
			.getId()
			.toString();
		long auditEvent = auditEventBeyondTenantB(aAdmin);
		String contactOne = contact(aAdmin, this.a.storeOne().getId(), "Victim");
		String contactTwo = contact(aAdmin, this.a.storeTwo().getId(), "Victim");

		String evilEmail = "evil-" + this.key + "@matrix.test";
		Map<String, String> evilStoreForm = storeForm("Evil " + this.key);
		Map<String, Object> evilStoreJson = new LinkedHashMap<>(evilStoreForm);
		Map<String, String> blankForm = Map.of("name", "");

		List<Row> all = new ArrayList<>();
		// columns: ANONYMOUS, SUPER_ADMIN, A_ADMIN, A_STORE_MANAGER, A_COMPLIANCE,
		// B_ADMIN

		// pages anyone may see
		all.add(page("GET", "/login", "/login").expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		all.add(page("GET", "/", "/").expect(SIGN_IN, OK, OK, OK, OK, OK));
		all.add(page("GET", "/invitations/{token}", "/invitations/not-a-real-token").expect(PUBLIC, PUBLIC, PUBLIC,
				PUBLIC, PUBLIC, PUBLIC));
		all.add(page("POST", "/invitations/{token}", "/invitations/not-a-real-token")
			.form(Map.of("displayName", "Nobody", "password", "whatever-2026", "confirmPassword", "whatever-2026"))
			.expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		all.add(page("GET", "/account", "/account").expect(SIGN_IN, OK, OK, OK, OK, OK));
		all.add(page("POST", "/account/password", "/account/password").form(Map.of("currentPassword", "wrong",
				"newPassword", "one-password-2026", "confirmPassword", "another-password-2026"))
			.expect(SIGN_IN, OK, OK, OK, OK, OK));
		all.add(page("GET", "/tenants/select", "/tenants/select").expect(SIGN_IN, OK, OK, OK, OK, OK));
		all.add(page("POST", "/tenants/select", "/tenants/select").target("tenant A's id")
			.form(Map.of("tenantId", aId))
			.expect(SIGN_IN, OK, OK, OK, OK, OK));

		// super admin pages
		all.add(page("GET", "/admin/tenants", "/admin/tenants").expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(page("GET", "/admin/tenants/new", "/admin/tenants/new").expect(SIGN_IN, OK, DENIED, DENIED, DENIED,
				DENIED));
		all.add(page("POST", "/admin/tenants", "/admin/tenants")
			.form(Map.of("slug", "evil-" + this.key, "name", "Evil " + this.key, "adminEmail", evilEmail))
			.allowedForm(Map.of("slug", "", "name", ""))
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(page("GET", "/admin/tenants/{id}", "/admin/tenants/" + aId).target("tenant A")
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(page("POST", "/admin/tenants/{id}/name", "/admin/tenants/" + aId + "/name").target("tenant A")
			.form(Map.of("name", "Evil " + this.key))
			.allowedForm(blankForm)
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(page("POST", "/admin/tenants/{id}/suspend", "/admin/tenants/" + aId + "/suspend").target("tenant A")
			.allowedUrl("/admin/tenants/" + spareTenant + "/suspend")
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(page("POST", "/admin/tenants/{id}/reactivate", "/admin/tenants/" + aId + "/reactivate")
			.target("tenant A")
			.allowedUrl("/admin/tenants/" + spareTenant + "/reactivate")
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(page("POST", "/admin/tenants/{id}/invitations", "/admin/tenants/" + aId + "/invitations")
			.target("tenant A")
			.form(Map.of("email", evilEmail))
			.allowedForm(Map.of("email", "not an email"))
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(page("GET", "/admin/super-admins", "/admin/super-admins").expect(SIGN_IN, OK, DENIED, DENIED, DENIED,
				DENIED));
		all.add(page("POST", "/admin/super-admins", "/admin/super-admins")
			.form(Map.of("email", evilEmail, "displayName", "Evil", "password", "evil-password-2026", "confirmPassword",
					"evil-password-2026"))
			.allowedForm(Map.of("email", "", "displayName", "", "password", "", "confirmPassword", ""))
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));

		// stores
		all.add(page("GET", "/stores", "/stores").expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(page("GET", "/stores/new", "/stores/new").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/stores", "/stores").form(evilStoreForm)
			.allowedForm(blankForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/stores/{id}", "/stores/" + storeOne).target("A's store one")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("GET", "/stores/{id}", "/stores/" + storeTwo).target("A's store two")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/stores/{id}", "/stores/" + storeOne).target("A's store one")
			.form(evilStoreForm)
			.allowedForm(blankForm)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/stores/{id}", "/stores/" + storeTwo).target("A's store two")
			.form(evilStoreForm)
			.allowedForm(blankForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		// contacts: A's contact of store one (the store manager's) and of store two
		Map<String, String> evilContactForm = new LinkedHashMap<>();
		evilContactForm.put("firstName", "Evil");
		evilContactForm.put("email", evilEmail);
		evilContactForm.put("phone", "+12015550199");
		evilContactForm.put("storeId", storeOne);
		evilContactForm.put("tags", "evil");
		Map<String, String> badContactForm = Map.of("firstName", "Spare", "email", "not-an-email", "storeId", storeOne);
		all.add(page("GET", "/contacts", "/contacts").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("GET", "/contacts/new", "/contacts/new").expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(page("POST", "/contacts", "/contacts").form(evilContactForm)
			.allowedForm(badContactForm)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(page("POST", "/contacts/tags", "/contacts/tags").target("A's store-one contact")
			.form(Map.of("ids", contactOne, "tag", "evil"))
			.allowedForm(Map.of("ids", contactOne, "tag", ""))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/contacts/tags", "/contacts/tags").target("A's store-two contact")
			.form(Map.of("ids", contactTwo, "tag", "evil"))
			.allowedForm(Map.of("ids", contactTwo, "tag", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		for (String[] contact : new String[][] { { contactOne, "A's store-one contact" },
				{ contactTwo, "A's store-two contact" } }) {
			String url = "/contacts/" + contact[0];
			boolean managers = contact[0].equals(contactOne);
			Outcome manager = managers ? OK : DENIED;
			all.add(page("GET", "/contacts/{id}", url).target(contact[1])
				.expect(SIGN_IN, DENIED, OK, manager, OK, MISSING));
			all.add(page("GET", "/contacts/{id}/edit", url + "/edit").target(contact[1])
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(page("POST", "/contacts/{id}", url).target(contact[1])
				.form(evilContactForm)
				.allowedForm(badContactForm)
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(page("POST", "/contacts/{id}/preferences", url + "/preferences").target(contact[1])
				.form(Map.of("pref-sms-promotional", "out", "capMessages", "1", "capDays", "1"))
				.allowedForm(Map.of("capMessages", "not-a-number", "capDays", "7"))
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(page("POST", "/contacts/{id}/delete", url + "/delete").target(contact[1])
				.form(Map.of("confirm", "yes"))
				.allowedForm(Map.of())
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(page("GET", "/contacts/{id}/export", url + "/export").target(contact[1])
				.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));
			all.add(page("POST", "/contacts/{id}/erase", url + "/erase").target(contact[1])
				.form(Map.of("confirm", "yes"))
				.allowedForm(Map.of())
				.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));
		}

		// users and invitations
		all.add(page("GET", "/users", "/users").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/users/invitations/new", "/users/invitations/new").expect(SIGN_IN, DENIED, OK, DENIED,
				DENIED, OK));
		all.add(page("POST", "/users/invitations", "/users/invitations")
			.form(Map.of("email", evilEmail, "role", "TENANT_ADMIN"))
			.allowedForm(Map.of("email", "", "role", "TENANT_ADMIN"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/users/invitations/{id}/revoke", "/users/invitations/" + invitation + "/revoke")
			.target("A's pending invitation")
			.allowedUrl("/users/invitations/" + spareInvitationForPage + "/revoke")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("GET", "/users/{id}", "/users/" + managerMembership).target("A's store manager")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/users/{id}", "/users/" + managerMembership).target("A's store manager")
			.form(Map.of("role", "TENANT_ADMIN"))
			.allowedForm(Map.of("role", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/users/{id}/remove", "/users/" + managerMembership + "/remove")
			.target("A's store manager")
			.allowedUrl("/users/" + spareMemberForPage + "/remove")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		// API keys
		all.add(page("GET", "/api-keys", "/api-keys").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/api-keys", "/api-keys").form(Map.of("name", "Evil " + this.key, "role", "TENANT_ADMIN"))
			.allowedForm(Map.of("name", "", "role", "TENANT_ADMIN"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/api-keys/{id}/revoke", "/api-keys/" + apiKey + "/revoke").target("A's API key")
			.allowedUrl("/api-keys/" + spareKeyForPage + "/revoke")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		// audit log (allowed callers read event 1 of their own chain)
		all.add(page("GET", "/audit", "/audit").expect(SIGN_IN, OK, OK, DENIED, OK, OK));
		all.add(page("GET", "/audit/{seq}", "/audit/" + auditEvent).target("an event only A's chain has")
			.allowedUrl("/audit/1")
			.expect(SIGN_IN, OK, OK, DENIED, OK, MISSING));
		all.add(page("GET", "/audit/export", "/audit/export?format=csv").expect(SIGN_IN, OK, OK, DENIED, OK, OK));
		all.add(page("POST", "/audit/verify", "/audit/verify").expect(SIGN_IN, OK, OK, DENIED, OK, OK));

		// API: tenants
		all.add(api("GET", "/api/v1/tenants", "/api/v1/tenants").expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(api("POST", "/api/v1/tenants", "/api/v1/tenants")
			.json(Map.of("slug", "evil-" + this.key, "name", "Evil " + this.key))
			.allowedJson(Map.of("slug", "", "name", ""))
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(api("GET", "/api/v1/tenants/{id}", "/api/v1/tenants/" + aId).target("tenant A")
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(api("PATCH", "/api/v1/tenants/{id}", "/api/v1/tenants/" + aId).target("tenant A")
			.json(Map.of("name", "Evil " + this.key))
			.allowedJson(Map.of("name", ""))
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(api("POST", "/api/v1/tenants/{id}/suspend", "/api/v1/tenants/" + aId + "/suspend").target("tenant A")
			.allowedUrl("/api/v1/tenants/" + spareTenant + "/suspend")
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));
		all.add(api("POST", "/api/v1/tenants/{id}/reactivate", "/api/v1/tenants/" + aId + "/reactivate")
			.target("tenant A")
			.allowedUrl("/api/v1/tenants/" + spareTenant + "/reactivate")
			.expect(SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED));

		// API: stores
		all.add(api("GET", "/api/v1/stores", "/api/v1/stores").expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("POST", "/api/v1/stores", "/api/v1/stores").json(evilStoreJson)
			.allowedJson(Map.of("name", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", "/api/v1/stores/{id}", "/api/v1/stores/" + storeOne).target("A's store one")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("GET", "/api/v1/stores/{id}", "/api/v1/stores/" + storeTwo).target("A's store two")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("PUT", "/api/v1/stores/{id}", "/api/v1/stores/" + storeOne).target("A's store one")
			.json(evilStoreJson)
			.allowedJson(Map.of("name", ""))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("PUT", "/api/v1/stores/{id}", "/api/v1/stores/" + storeTwo).target("A's store two")
			.json(evilStoreJson)
			.allowedJson(Map.of("name", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		// API: users, invitations, API keys
		all.add(api("GET", "/api/v1/users", "/api/v1/users").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", "/api/v1/users/{id}", "/api/v1/users/" + managerMembership).target("A's store manager")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("PATCH", "/api/v1/users/{id}", "/api/v1/users/" + managerMembership).target("A's store manager")
			.json(Map.of("role", "TENANT_ADMIN"))
			.allowedJson(Map.of("role", "NOT_A_ROLE"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("DELETE", "/api/v1/users/{id}", "/api/v1/users/" + managerMembership).target("A's store manager")
			.allowedUrl("/api/v1/users/" + spareMemberForApi)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/invitations", "/api/v1/invitations").expect(SIGN_IN, DENIED, OK, DENIED, DENIED,
				OK));
		all.add(api("POST", "/api/v1/invitations", "/api/v1/invitations")
			.json(Map.of("email", evilEmail, "role", "TENANT_ADMIN"))
			.allowedJson(Map.of("email", "", "role", "TENANT_ADMIN"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("DELETE", "/api/v1/invitations/{id}", "/api/v1/invitations/" + invitation)
			.target("A's pending invitation")
			.allowedUrl("/api/v1/invitations/" + spareInvitationForApi)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/api-keys", "/api/v1/api-keys").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("POST", "/api/v1/api-keys", "/api/v1/api-keys")
			.json(Map.of("name", "Evil " + this.key, "role", "TENANT_ADMIN"))
			.allowedJson(Map.of("name", "", "role", "TENANT_ADMIN"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("DELETE", "/api/v1/api-keys/{id}", "/api/v1/api-keys/" + apiKey).target("A's API key")
			.allowedUrl("/api/v1/api-keys/" + spareKeyForApi)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		// API: audit events
		all.add(api("GET", "/api/v1/audit-events", "/api/v1/audit-events").expect(SIGN_IN, OK, OK, DENIED, OK, OK));
		all.add(api("GET", "/api/v1/audit-events/{seq}", "/api/v1/audit-events/" + auditEvent)
			.target("an event only A's chain has")
			.allowedUrl("/api/v1/audit-events/1")
			.expect(SIGN_IN, OK, OK, DENIED, OK, MISSING));
		all.add(api("GET", "/api/v1/audit-events/export", "/api/v1/audit-events/export?format=jsonl").expect(SIGN_IN,
				OK, OK, DENIED, OK, OK));
		all.add(api("POST", "/api/v1/audit-events/verify", "/api/v1/audit-events/verify").expect(SIGN_IN, OK, OK,
				DENIED, OK, OK));

		// API: contacts (A's contacts in store one and store two; spares for the callers
		// who may delete or erase)
		String spareToDelete = contact(aAdmin, this.a.storeTwo().getId(), "Spare");
		String spareToEraseByAdmin = contact(aAdmin, this.a.storeOne().getId(), "Spare");
		String spareToEraseByCompliance = contact(aAdmin, this.a.storeOne().getId(), "Spare");
		String suppressed = "victim-" + this.key + "@matrix.test";
		String spareSuppressed = "spare-" + this.key + "@matrix.test";
		this.suppressions.add(aAdmin, Channel.EMAIL, suppressed, SuppressionReason.MANUAL, null);
		this.suppressions.add(aAdmin, Channel.EMAIL, spareSuppressed, SuppressionReason.MANUAL, null);
		Map<String, Object> evilContact = Map.of("email", evilEmail, "storeId", storeOne);
		Map<String, Object> invalidContact = Map.of("email", "not an email", "storeId", storeOne);
		all.add(api("GET", "/api/v1/contacts", "/api/v1/contacts").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", "/api/v1/contacts", "/api/v1/contacts").json(evilContact)
			.allowedJson(invalidContact)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("PUT", "/api/v1/contacts", "/api/v1/contacts").json(evilContact)
			.allowedJson(invalidContact)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("POST", "/api/v1/contacts/batch", "/api/v1/contacts/batch")
			.json(Map.of("items", List.of(evilContact)))
			.allowedJson(Map.of("items", List.of(invalidContact)))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("GET", "/api/v1/contacts/{id}", "/api/v1/contacts/" + contactOne).target("A's contact in store one")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("GET", "/api/v1/contacts/{id}", "/api/v1/contacts/" + contactTwo).target("A's contact in store two")
			.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));
		all.add(api("PATCH", "/api/v1/contacts/{id}", "/api/v1/contacts/" + contactOne)
			.target("A's contact in store one")
			.json(Map.of("firstName", "Evil"))
			.allowedJson(Map.of("email", "not an email"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("PATCH", "/api/v1/contacts/{id}", "/api/v1/contacts/" + contactTwo)
			.target("A's contact in store two")
			.json(Map.of("firstName", "Evil"))
			.allowedJson(Map.of("email", "not an email"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("DELETE", "/api/v1/contacts/{id}", "/api/v1/contacts/" + contactTwo)
			.target("A's contact in store two")
			.allowedUrl("/api/v1/contacts/" + spareToDelete)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("POST", "/api/v1/contacts/{id}/merge", "/api/v1/contacts/" + contactOne + "/merge")
			.target("A's contact in store one")
			.json(Map.of("removeId", contactTwo))
			.allowedJson(Map.of("removeId", contactOne))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("GET", "/api/v1/contacts/{id}/export", "/api/v1/contacts/" + contactOne + "/export")
			.target("A's contact in store one")
			.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));
		all.add(api("POST", "/api/v1/contacts/{id}/erase", "/api/v1/contacts/" + contactOne + "/erase")
			.target("A's contact in store one")
			.allowedUrl(Caller.A_ADMIN, "/api/v1/contacts/" + spareToEraseByAdmin + "/erase")
			.allowedUrl(Caller.A_COMPLIANCE, "/api/v1/contacts/" + spareToEraseByCompliance + "/erase")
			.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));
		all.add(api("GET", "/api/v1/contacts/{id}/consents", "/api/v1/contacts/" + contactTwo + "/consents")
			.target("A's contact in store two")
			.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));
		all.add(api("POST", "/api/v1/contacts/{id}/consents", "/api/v1/contacts/" + contactOne + "/consents")
			.target("A's contact in store one")
			.json(Map.of("channel", "sms", "status", "opted_out"))
			.allowedJson(Map.of("channel", "pigeon", "status", "opted_out"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("GET", "/api/v1/contacts/{id}/preferences", "/api/v1/contacts/" + contactOne + "/preferences")
			.target("A's contact in store one")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("PUT", "/api/v1/contacts/{id}/preferences", "/api/v1/contacts/" + contactTwo + "/preferences")
			.target("A's contact in store two")
			.json(Map.of("frequencyCap", Map.of("messages", 1, "days", 1)))
			.allowedJson(Map.of("frequencyCap", Map.of("messages", 0, "days", 1)))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		// API: suppressions
		all.add(api("GET", "/api/v1/suppressions", "/api/v1/suppressions").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", "/api/v1/suppressions", "/api/v1/suppressions")
			.json(Map.of("channel", "email", "address", evilEmail))
			.allowedJson(Map.of("channel", "pigeon", "address", evilEmail))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("DELETE", "/api/v1/suppressions", "/api/v1/suppressions?channel=email&address=" + suppressed)
			.target("A's suppressed address")
			.allowedUrl("/api/v1/suppressions?channel=email&address=" + spareSuppressed)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		// rows: imports (keep this line; add below it)
		// A's import of store one (the store manager's), waiting for its plan, and one of
		// store two
		String importOne = victimImport(aAdmin, this.a.storeOne().getId());
		String importTwo = victimImport(aAdmin, this.a.storeTwo().getId());
		Map<String, String> startForm = Map.of("target-0", "email", "duplicates", "update");
		Map<String, String> emptyPlanForm = Map.of("duplicates", "skip");
		Map<String, Object> startPlan = Map.of("columns", List.of(Map.of("column", 0, "field", "email")));
		Map<String, Object> emptyPlan = Map.of("columns", List.of());
		all.add(page("GET", "/imports", "/imports").expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(page("POST", "/imports", "/imports").form(Map.of("storeId", storeTwo))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		for (String[] job : new String[][] { { importOne, "A's store-one import" },
				{ importTwo, "A's store-two import" } }) {
			Outcome manager = job[0].equals(importOne) ? OK : MISSING;
			String url = "/imports/" + job[0];
			all.add(page("GET", "/imports/{id}", url).target(job[1])
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(page("POST", "/imports/{id}/start", url + "/start").target(job[1])
				.form(startForm)
				.allowedForm(emptyPlanForm)
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(page("GET", "/imports/{id}/rejects", url + "/rejects").target(job[1])
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(api("GET", "/api/v1/imports/{id}", "/api/v1" + url).target(job[1])
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(api("POST", "/api/v1/imports/{id}/start", "/api/v1" + url + "/start").target(job[1])
				.json(startPlan)
				.allowedJson(emptyPlan)
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
			all.add(api("GET", "/api/v1/imports/{id}/rejects", "/api/v1" + url + "/rejects").target(job[1])
				.expect(SIGN_IN, DENIED, OK, manager, DENIED, MISSING));
		}
		all.add(api("GET", "/api/v1/imports", "/api/v1/imports").expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("POST", "/api/v1/imports", "/api/v1/imports").json(Map.of("storeId", storeOne))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));

		// rows: segments and lists (keep this line; add below it)
		all.addAll(segmentAndListRows(aAdmin, contactOne, contactTwo));

		// rows: audience API (keep this line; add below it)
		Map<String, Object> everyone = Map.of("criteria", Map.of("field", "created_at", "operator", "exists"));
		all.add(api("POST", "/api/v1/audiences/count", "/api/v1/audiences/count").json(everyone)
			.expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", "/api/v1/audiences/sample", "/api/v1/audiences/sample").json(everyone)
			.expect(SIGN_IN, DENIED, OK, OK, OK, OK));

		// rows: SMS settings, outbox and webhooks (keep this line; add below it)
		Map<String, String> evilSmsForm = Map.of("accountSid", "AC" + "e".repeat(32), "authToken",
				"eviltoken" + this.key + "0123456789", "fromNumber", "+12015550198", "helpText", "Evil " + this.key,
				"messagesPerSecond", "9999");
		Map<String, String> badSmsForm = Map.of("accountSid", "not-a-sid", "fromNumber", "not a number");
		Map<String, String> evilStoreSmsForm = new LinkedHashMap<>(evilSmsForm);
		evilStoreSmsForm.put("storeId", storeOne);
		Map<String, String> badStoreSmsForm = new LinkedHashMap<>(badSmsForm);
		badStoreSmsForm.put("storeId", storeOne);
		all.add(page("GET", "/settings/sms", "/settings/sms").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/settings/sms", "/settings/sms?store=" + storeOne).target("A's store one")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/settings/sms", "/settings/sms").form(evilSmsForm)
			.allowedForm(badSmsForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/settings/sms", "/settings/sms").target("A's store one")
			.form(evilStoreSmsForm)
			.allowedForm(badStoreSmsForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("GET", "/outbox/sms", "/outbox/sms").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("GET", "/api/v1/settings/sms", "/api/v1/settings/sms").expect(SIGN_IN, DENIED, OK, DENIED, DENIED,
				OK));
		all.add(api("GET", "/api/v1/settings/sms", "/api/v1/settings/sms?storeId=" + storeOne).target("A's store one")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("PUT", "/api/v1/settings/sms", "/api/v1/settings/sms").json(evilSmsForm)
			.allowedJson(badSmsForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("PUT", "/api/v1/settings/sms", "/api/v1/settings/sms?storeId=" + storeOne).target("A's store one")
			.json(evilSmsForm)
			.allowedJson(badSmsForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/outbox/sms", "/api/v1/outbox/sms").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		// webhooks: no sign-in, the provider's signature decides (unsigned here: refused)
		all.add(page("POST", "/webhooks/twilio/status",
				"/webhooks/twilio/status?tenant=" + aId + "&delivery=" + UUID.randomUUID())
			.form(Map.of("MessageSid", "SM" + "0".repeat(32), "MessageStatus", "failed"))
			.expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		all.add(page("POST", "/webhooks/twilio/inbound", "/webhooks/twilio/inbound")
			.form(Map.of("From", "+12015550198", "To", "+12015550197", "Body", "STOP", "MessageSid",
					"SM" + "1".repeat(32)))
			.expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));

		// rows: templates and pricing (keep this line; add below it)
		// templates: A's template, spares for the callers who may delete; preview with
		// A's
		// store-two contact (not the store manager's)
		String template = template(aAdmin, "Victim template " + this.key);
		String spareTemplateForPage = template(aAdmin, "Spare template page " + this.key);
		String spareTemplateForApi = template(aAdmin, "Spare template api " + this.key);
		Map<String, String> evilTemplateForm = Map.of("name", "Evil " + this.key, "channel", "sms", "category",
				"promotional", "body", "Evil {{ contact.first_name }}");
		Map<String, String> badTemplateForm = Map.of("name", "", "channel", "sms", "category", "promotional", "body",
				"Hi {{ contact.frist_name }}");
		String templateUrl = "/templates/" + template;
		all.add(page("GET", "/templates", "/templates").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("GET", "/templates/new", "/templates/new").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/templates", "/templates").form(evilTemplateForm)
			.allowedForm(badTemplateForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/templates/{id}", templateUrl).target("A's template")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(page("POST", "/templates/{id}", templateUrl).target("A's template")
			.form(evilTemplateForm)
			.allowedForm(badTemplateForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/templates/{id}/delete", templateUrl + "/delete").target("A's template")
			.allowedUrl("/templates/" + spareTemplateForPage + "/delete")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/templates/preview", "/templates/preview").target("A's store-two contact")
			.form(Map.of("body", "Hi {{ contact.first_name }}", "contactId", contactTwo))
			.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));
		all.add(page("POST", "/compose/sms/stats", "/compose/sms/stats")
			.form(Map.of("body", "Hi 🎉", "audienceSize", "1000"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("GET", "/api/v1/templates", "/api/v1/templates").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", "/api/v1/templates", "/api/v1/templates").json(evilTemplateForm)
			.allowedJson(badTemplateForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", "/api/v1/templates/{id}", "/api/v1" + templateUrl).target("A's template")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("PUT", "/api/v1/templates/{id}", "/api/v1" + templateUrl).target("A's template")
			.json(evilTemplateForm)
			.allowedJson(badTemplateForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("DELETE", "/api/v1/templates/{id}", "/api/v1" + templateUrl).target("A's template")
			.allowedUrl("/api/v1/templates/" + spareTemplateForApi)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/templates/{id}/preview",
				"/api/v1" + templateUrl + "/preview?contactId=" + contactTwo)
			.target("A's template with A's store-two contact")
			.expect(SIGN_IN, DENIED, OK, DENIED, OK, MISSING));

		// SMS prices: A's own price for NZ; spare prices (IE, NL) for the callers who
		// may remove one
		this.pricing.setPrice(aAdmin, "NZ", new java.math.BigDecimal("0.2"));
		this.pricing.setPrice(aAdmin, "IE", new java.math.BigDecimal("0.2"));
		this.pricing.setPrice(aAdmin, "NL", new java.math.BigDecimal("0.2"));
		all.add(page("GET", "/settings/pricing", "/settings/pricing").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/settings/pricing", "/settings/pricing").form(Map.of("country", "NZ", "price", "9"))
			.allowedForm(Map.of("country", "CA", "price", "9"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/settings/pricing/{country}/delete", "/settings/pricing/NZ/delete")
			.target("A's price for NZ")
			.allowedUrl("/settings/pricing/IE/delete")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/pricing/sms", "/api/v1/pricing/sms").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("PUT", "/api/v1/pricing/sms/{country}", "/api/v1/pricing/sms/NZ").target("A's price for NZ")
			.json(Map.of("price", 9))
			.allowedJson(Map.of("price", -1))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("DELETE", "/api/v1/pricing/sms/{country}", "/api/v1/pricing/sms/NZ").target("A's price for NZ")
			.allowedUrl("/api/v1/pricing/sms/NL")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("POST", "/api/v1/pricing/sms/estimate", "/api/v1/pricing/sms/estimate")
			.json(Map.of("segments", 1, "audienceSize", 10))
			.expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		// the email price: A has none of its own, so A's admin removes nothing
		all.add(api("GET", "/api/v1/pricing/email", "/api/v1/pricing/email").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("PUT", "/api/v1/pricing/email", "/api/v1/pricing/email").json(Map.of("price", 9))
			.allowedJson(Map.of("price", -1))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("DELETE", "/api/v1/pricing/email", "/api/v1/pricing/email").expect(SIGN_IN, DENIED, MISSING, DENIED,
				DENIED, MISSING));
		all.add(page("POST", "/settings/pricing/email", "/settings/pricing/email").form(Map.of("emailPrice", "9"))
			.allowedForm(Map.of("emailPrice", "-1"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/settings/pricing/email/delete", "/settings/pricing/email/delete").expect(SIGN_IN, DENIED,
				MISSING, DENIED, DENIED, MISSING));

		// rows: broadcasts (keep this line; add below it)
		all.addAll(broadcastRows(aAdmin, storeOne));
		// pages: A's draft in store one (the store manager's) and in store two; a spare
		// incomplete draft for the allowed callers' actions, which refuse or use it up
		String broadcast = broadcast(aAdmin, this.a.storeOne().getId(), "Victim");
		String broadcastTwo = broadcast(aAdmin, this.a.storeTwo().getId(), "Victim");
		String spareBroadcast = broadcast(aAdmin, this.a.storeOne().getId(), "Spare");
		Map<String, String> evilBroadcast = Map.of("name", "Evil " + this.key, "channel", "sms", "storeId", storeOne);
		Map<String, String> blankBroadcast = Map.of("name", "", "channel", "sms", "storeId", storeOne);
		all.add(page("GET", "/broadcasts", "/broadcasts").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("GET", "/broadcasts/new", "/broadcasts/new").expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(page("POST", "/broadcasts", "/broadcasts").form(evilBroadcast)
			.allowedForm(blankBroadcast)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(page("GET", "/broadcasts/{id}", "/broadcasts/" + broadcast).target("A's store-one broadcast")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(page("GET", "/broadcasts/{id}", "/broadcasts/" + broadcastTwo).target("A's store-two broadcast")
			.expect(SIGN_IN, DENIED, OK, MISSING, OK, MISSING));
		all.add(page("GET", "/broadcasts/{id}/stats", "/broadcasts/" + broadcast + "/stats")
			.target("A's store-one broadcast")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(page("GET", "/broadcasts/{id}/edit/{step}", "/broadcasts/" + broadcast + "/edit/audience")
			.target("A's store-one broadcast")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/broadcasts/{id}/edit/{step}", "/broadcasts/" + broadcast + "/edit/channel")
			.target("A's store-one broadcast")
			.form(evilBroadcast)
			.allowedForm(blankBroadcast)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/broadcasts/{id}/edit/{step}", "/broadcasts/" + broadcastTwo + "/edit/channel")
			.target("A's store-two broadcast")
			.form(evilBroadcast)
			.allowedForm(blankBroadcast)
			.expect(SIGN_IN, DENIED, OK, MISSING, DENIED, MISSING));
		all.add(page("POST", "/broadcasts/{id}/audience/count", "/broadcasts/" + broadcast + "/audience/count")
			.target("A's store-one broadcast")
			.form(Map.of("audienceKind", "criteria", "field0", "first_name", "operator0", "exists"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/broadcasts/{id}/compose/stats", "/broadcasts/" + broadcast + "/compose/stats")
			.target("A's store-one broadcast")
			.form(Map.of("body", "Hello"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		for (String action : List.of("submit", "launch", "pause", "resume", "cancel", "duplicate", "test-send",
				"dead-letters/retry")) {
			all.add(page("POST", "/broadcasts/{id}/" + action, "/broadcasts/" + broadcast + "/" + action)
				.target("A's store-one broadcast")
				.allowedUrl("/broadcasts/" + spareBroadcast + "/" + action)
				.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		}
		all.add(page("GET", "/broadcasts/settings", "/broadcasts/settings").expect(SIGN_IN, DENIED, OK, DENIED, DENIED,
				OK));
		all.add(page("POST", "/broadcasts/settings", "/broadcasts/settings")
			.form(Map.of("approval", "never", "testNumbers", "+12015550100"))
			.allowedForm(Map.of("approval", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		for (String action : List.of("approve", "reject")) {
			all.add(page("POST", "/broadcasts/{id}/" + action, "/broadcasts/" + broadcast + "/" + action)
				.target("A's store-one broadcast")
				.form(Map.of("comment", "Evil " + this.key))
				.allowedUrl("/broadcasts/" + spareBroadcast + "/" + action)
				.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		}
		// dead letters across broadcasts: A's callers read their own (none here); a retry
		// of
		// an id that is nobody's dead letter retries nothing, whoever asks
		String nobodysDeadLetter = UUID.randomUUID().toString();
		all.add(page("GET", "/dead-letters", "/dead-letters").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("POST", "/dead-letters/retry", "/dead-letters/retry")
			.form(Map.of("deliveryIds", nobodysDeadLetter, "confirmed", "true"))
			.allowedForm(Map.of("deliveryIds", "not an id"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("GET", "/api/v1/dead-letters", "/api/v1/dead-letters").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", "/api/v1/dead-letters/retry", "/api/v1/dead-letters/retry")
			.json(Map.of("deliveryIds", List.of(nobodysDeadLetter)))
			.allowedJson(Map.of())
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		// rows: engine gaps (keep this line; add below it)
		all.add(page("GET", "/broadcasts/settings/quotas", "/broadcasts/settings/quotas").expect(SIGN_IN, DENIED, OK,
				DENIED, DENIED, OK));
		all.add(page("POST", "/broadcasts/settings/quotas", "/broadcasts/settings/quotas")
			.form(Map.of("channel", "sms", "sms-perSecond", "7"))
			.allowedForm(Map.of("channel", "sms", "sms-perSecond", "not a number"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", "/api/v1/settings/quotas", "/api/v1/settings/quotas").expect(SIGN_IN, DENIED, OK, DENIED,
				DENIED, OK));
		all.add(api("PUT", "/api/v1/settings/quotas/{channel}", "/api/v1/settings/quotas/sms")
			.json(Map.of("perSecond", 7))
			.allowedJson(Map.of("perSecond", 0))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		// rows: email providers and SendGrid (keep this line; add below it)
		// A's email in store one's sandbox outbox (the store manager's store)
		UUID outboxDelivery = UUID.randomUUID();
		this.emailChannels
			.resolve(this.a.id().value(), this.a.storeOne().getId().value(), com.herald.consent.Channel.EMAIL)
			.orElseThrow()
			.send(new com.herald.channel.OutboundMessage(this.a.id().value(), this.a.storeOne().getId().value(),
					outboxDelivery, com.herald.consent.Channel.EMAIL, "victim-" + this.key + "@matrix.test",
					new com.herald.channel.MessageContent("Hi", "Victim email " + this.key, "<p>Hi</p>"), "promotional",
					Map.of()));
		String outboxEmail = this.emailOutbox.find(this.a.id(), outboxDelivery).orElseThrow().id().toString();
		Map<String, String> evilEmailForm = Map.of("fromName", "Evil " + this.key, "fromAddress",
				"evil-" + this.key + "@matrix.test");
		Map<String, String> badEmailForm = Map.of("fromAddress", "not an address");
		Map<String, String> evilStoreEmailForm = new LinkedHashMap<>(evilEmailForm);
		evilStoreEmailForm.put("storeId", storeOne);
		Map<String, String> badStoreEmailForm = new LinkedHashMap<>(badEmailForm);
		badStoreEmailForm.put("storeId", storeOne);
		all.add(page("GET", "/settings/email", "/settings/email").expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(page("GET", "/settings/email", "/settings/email?store=" + storeOne).target("A's store one")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/settings/email", "/settings/email").form(evilEmailForm)
			.allowedForm(badEmailForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/settings/email", "/settings/email").target("A's store one")
			.form(evilStoreEmailForm)
			.allowedForm(badStoreEmailForm)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("GET", "/outbox/email", "/outbox/email").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("GET", "/outbox/email/{id}", "/outbox/email/" + outboxEmail).expect(SIGN_IN, DENIED, OK, OK, OK,
				MISSING));
		all.add(page("GET", "/outbox/email/{id}/html", "/outbox/email/" + outboxEmail + "/html").expect(SIGN_IN, DENIED,
				OK, OK, OK, MISSING));
		all.add(api("GET", "/api/v1/settings/email", "/api/v1/settings/email").expect(SIGN_IN, DENIED, OK, DENIED,
				DENIED, OK));
		all.add(api("GET", "/api/v1/settings/email", "/api/v1/settings/email?storeId=" + storeOne)
			.target("A's store one")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("PUT", "/api/v1/settings/email", "/api/v1/settings/email").json(evilEmailForm)
			.allowedJson(badEmailForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("PUT", "/api/v1/settings/email", "/api/v1/settings/email?storeId=" + storeOne)
			.target("A's store one")
			.json(evilEmailForm)
			.allowedJson(badEmailForm)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("GET", "/api/v1/outbox/email", "/api/v1/outbox/email").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		// SendGrid's event webhook: no sign-in, the signature decides (unsigned here:
		// refused)
		all.add(api("POST", "/webhooks/sendgrid/events", "/webhooks/sendgrid/events").json(Map.of("event", "bounce",
				"email", "victim-" + this.key + "@matrix.test", "herald_delivery_id", UUID.randomUUID().toString()))
			.expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		// rows: SMTP, DKIM and tracking (keep this line; add below it)
		all.addAll(smtpAndSenderDomainRows(aAdmin, storeOne));
		// rows: preference center (keep this line; add below it)
		// the public pages: no sign-in, the signed link decides (a forged one here: a
		// friendly 400, nothing changes)
		String forgedLink = "AQ" + "x".repeat(70);
		all.add(page("GET", "/u/{token}", "/u/" + forgedLink).expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		all.add(page("POST", "/u/{token}", "/u/" + forgedLink).form(Map.of("List-Unsubscribe", "One-Click"))
			.expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		all.add(page("GET", "/p/{token}", "/p/" + forgedLink).expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		for (String action : List.of("categories", "quiet-hours", "pause", "resume", "unsubscribe-all",
				"resubscribe")) {
			all.add(page("POST", "/p/{token}/" + action, "/p/" + forgedLink + "/" + action)
				.form(Map.of("channel", "sms", "days", "30", "start", "22:00", "end", "07:00"))
				.expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC));
		}
		all.add(api("POST", "/api/v1/contacts/{id}/preference-link",
				"/api/v1/contacts/" + contactOne + "/preference-link")
			.target("A's contact in store one")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("GET", "/api/v1/settings/branding", "/api/v1/settings/branding").expect(SIGN_IN, DENIED, OK, OK, OK,
				OK));
		all.add(api("PUT", "/api/v1/settings/branding", "/api/v1/settings/branding")
			.json(Map.of("displayName", "Evil " + this.key, "accentColor", "#ff0000"))
			.allowedJson(Map.of("accentColor", "red"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/settings/branding", "/settings/branding").expect(SIGN_IN, DENIED, OK, DENIED, DENIED,
				OK));
		all.add(page("POST", "/settings/branding", "/settings/branding")
			.form(Map.of("displayName", "Evil " + this.key, "accentColor", "#ff0000"))
			.allowedForm(Map.of("accentColor", "red"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		// rows: multi-channel and email compose (keep this line; add below it)
		all.add(api("GET", "/api/v1/broadcasts/{id}/channel-stats",
				"/api/v1/broadcasts/" + broadcast + "/channel-stats")
			.target("A's store-one broadcast")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(page("POST", "/broadcasts/{id}/edit/{step}", "/broadcasts/" + broadcast + "/edit/channel")
			.target("A's store-one broadcast, made SMS, else email")
			.form(Map.of("name", "Evil " + this.key, "channel", "sms", "channel2", "email", "mode", "fallback",
					"storeId", storeOne))
			.allowedForm(Map.of("name", "Spare", "channel", "sms", "channel2", "sms", "storeId", storeOne))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/compose/email/preview", "/compose/email/preview")
			.form(Map.of("subject", "Hi {{ contact.first_name }}", "html", "<p>Hi</p>", "category", "promotional"))
			.expect(SIGN_IN, DENIED, OK, OK, OK, OK));

		return all;
	}

	@TestFactory
	Stream<DynamicNode> everyCallerGetsWhatTheMatrixSays() {
		Stream<DynamicNode> matrix = this.rows.stream()
			.map((row) -> DynamicContainer.dynamicContainer(row.name(),
					Arrays.stream(Caller.values())
						.map((caller) -> DynamicTest.dynamicTest(
								caller + " gets " + describe(row.kind, row.outcome(caller)),
								() -> check(row, caller)))));
		Stream<DynamicNode> crafted = Stream.of(
				DynamicTest.dynamicTest("B's admin cannot invite to A's store through the form",
						this::inviteFormRefusesAnotherTenantsStore),
				DynamicTest.dynamicTest("B's admin cannot give a member A's store through the form",
						this::memberFormRefusesAnotherTenantsStore),
				DynamicTest.dynamicTest("B's API key cannot invite to or assign A's store",
						this::apiRefusesAnotherTenantsStore),
				DynamicTest.dynamicTest("B's admin cannot pick tenant A", this::pickerRefusesAnotherTenant),
				DynamicTest.dynamicTest("B's API key cannot name tenant A", this::apiKeyCannotNameAnotherTenant),
				DynamicTest.dynamicTest("B's audit log shows nothing of A's store", this::auditFilterShowsNothingOfA));
		// last: after every attack above, both tenants are as they were
		Stream<DynamicNode> after = Stream
			.of(DynamicTest.dynamicTest("nothing of tenant A or B has changed", this::nothingChanged));
		return Stream.of(matrix, crafted, after).flatMap((nodes) -> nodes);
	}

	@Test
	void coversEveryEndpoint() {
		Set<String> handled = new TreeSet<>();
		this.handlerMappings.getHandlerMethods().forEach((info, method) -> {
			String pkg = method.getBeanType().getPackageName();
			if (!pkg.startsWith("com.herald.web") && !pkg.startsWith("com.herald.api")) {
				return;
			}
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (methods.isEmpty()) {
					handled.add("ANY " + pattern);
				}
				methods.forEach((m) -> handled.add(m.name() + " " + pattern));
			}
		});
		Set<String> listed = this.rows.stream().map(Row::endpoint).collect(Collectors.toCollection(TreeSet::new));

		assertThat(handled).as("endpoints the matrix must list").isNotEmpty();
		assertThat(listed).as("every handler of com.herald.web and com.herald.api is in the matrix")
			.containsAll(handled);
		assertThat(handled).as("every matrix row is a real endpoint").containsAll(listed);
	}

	private void check(Row row, Caller caller) {
		Outcome outcome = row.outcome(caller);
		boolean allowed = outcome == OK || outcome == PUBLIC;
		String url = (allowed && row.allowedUrl != null) ? row.allowedUrl : row.url;
		if (allowed && row.allowedUrls.containsKey(caller)) {
			url = row.allowedUrls.get(caller);
		}
		Object body = (allowed && row.allowedBody != null) ? row.allowedBody : row.body;
		Answer answer = (row.kind == Kind.PAGE) ? callPage(caller, row.method, url, body)
				: callApi(caller, row.method, url, body);
		String what = row.name() + " as " + caller + " (" + url + ") answered " + answer;
		assertThat(answer.status()).as(what).isLessThan(500);
		switch (outcome) {
			case OK -> {
				assertThat(answer.status()).as(what).isNotIn(401, 403, 404);
				assertThat(answer.signInRedirect()).as(what).isFalse();
			}
			case DENIED -> assertThat(answer.status()).as(what).isEqualTo(403);
			case MISSING -> assertThat(answer.status()).as(what).isEqualTo(404);
			case SIGN_IN -> {
				if (row.kind == Kind.PAGE) {
					assertThat(answer.signInRedirect()).as(what).isTrue();
				}
				else {
					assertThat(answer.status()).as(what).isEqualTo(401);
				}
			}
			case PUBLIC -> {
				// any answer below 500
			}
		}
	}

	// the attacks with another tenant's ids in form fields and headers

	private void inviteFormRefusesAnotherTenantsStore() {
		String email = "evil-store-" + this.key + "@matrix.test";
		Answer answer = callPage(Caller.B_ADMIN, "POST", "/users/invitations",
				Map.of("email", email, "role", "STORE_MANAGER", "storeIds", this.a.storeOne().getId().toString()));

		assertThat(answer.status()).as(answer.toString()).isIn(200, 400);
		assertThat(answer.body()).contains("Choose stores of this tenant");
		assertThat(invitationEmails(this.b.admin(this.accounts))).doesNotContain(email);
		assertThat(invitationEmails(this.a.admin(this.accounts))).doesNotContain(email);
	}

	private void memberFormRefusesAnotherTenantsStore() {
		Actor bAdmin = this.b.admin(this.accounts);
		String membership = membershipOf(bAdmin, this.b.managerEmail());
		Answer answer = callPage(Caller.B_ADMIN, "POST", "/users/" + membership,
				Map.of("role", "STORE_MANAGER", "storeIds", this.a.storeOne().getId().toString()));

		assertThat(answer.status()).as(answer.toString()).isIn(200, 400);
		assertThat(answer.body()).contains("Choose stores of this tenant");
		assertThat(member(bAdmin, this.b.managerEmail()).storeIds()).containsExactly(this.b.storeOne().getId());
	}

	private void apiRefusesAnotherTenantsStore() {
		Actor bAdmin = this.b.admin(this.accounts);
		ApiClient client = this.api.get(Caller.B_ADMIN);
		String foreignStore = this.a.storeOne().getId().toString();
		String email = "evil-api-store-" + this.key + "@matrix.test";

		ApiResponse invited = client.post("/api/v1/invitations",
				Map.of("email", email, "role", "STORE_MANAGER", "storeIds", List.of(foreignStore)));
		ApiResponse changed = client.patch("/api/v1/users/" + membershipOf(bAdmin, this.b.managerEmail()),
				Map.of("role", "STORE_MANAGER", "storeIds", List.of(foreignStore)));

		assertThat(invited.status()).as(invited.toString()).isEqualTo(400);
		assertThat(invited.json().path("errors").has("storeIds")).as(invited.toString()).isTrue();
		assertThat(changed.status()).as(changed.toString()).isEqualTo(400);
		assertThat(changed.json().path("errors").has("storeIds")).as(changed.toString()).isTrue();
		assertThat(invitationEmails(bAdmin)).doesNotContain(email);
		assertThat(member(bAdmin, this.b.managerEmail()).storeIds()).containsExactly(this.b.storeOne().getId());
	}

	private void pickerRefusesAnotherTenant() {
		Answer picked = callPage(Caller.B_ADMIN, "POST", "/tenants/select", Map.of("tenantId", this.a.id().toString()));

		assertThat(picked.status()).as(picked.toString()).isEqualTo(302);
		assertThat(picked.location()).endsWith("/tenants/select");
		String users = this.pages.get(Caller.B_ADMIN).get("/users", HTML).body();
		assertThat(users).contains(this.b.managerEmail()).doesNotContain(this.a.managerEmail());
	}

	private void apiKeyCannotNameAnotherTenant() {
		ApiResponse response = this.api.get(Caller.B_ADMIN)
			.withHeader(ApiAuthentication.TENANT_HEADER, this.a.id().toString())
			.get("/api/v1/stores");

		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.body()).doesNotContain(this.a.storeOne().getName());
	}

	private void auditFilterShowsNothingOfA() {
		String storeOne = this.a.storeOne().getId().toString();
		ApiResponse events = this.api.get(Caller.B_ADMIN).get("/api/v1/audit-events?storeId=" + storeOne);
		ApiResponse export = this.api.get(Caller.B_ADMIN).get("/api/v1/audit-events/export?storeId=" + storeOne);
		Answer page = callPage(Caller.B_ADMIN, "GET", "/audit?storeId=" + storeOne, null);

		assertThat(events.status()).as(events.toString()).isEqualTo(200);
		assertThat(events.json().path("items").size()).as(events.toString()).isZero();
		assertThat(export.status()).isEqualTo(200);
		assertThat(export.body()).doesNotContain(this.a.id().toString()).doesNotContain(this.a.storeOne().getName());
		assertThat(page.status()).as(page.toString()).isLessThan(500);
		assertThat(page.body()).doesNotContain(this.a.storeOne().getName()).doesNotContain(this.a.adminEmail());
	}

	private void nothingChanged() {
		assertThat(state(this.a)).isEqualTo(this.beforeA);
		assertThat(state(this.b)).isEqualTo(this.beforeB);
		assertThat(this.tenants.list(TwoTenants.platform(), "evil-" + this.key, PageRequest.of(0, 10)).getContent())
			.as("tenants created by attack")
			.isEmpty();
		assertThat(this.accounts.findByEmail("evil-" + this.key + "@matrix.test"))
			.as("an account (super admin) created by attack")
			.isEmpty();
	}

	// calling

	private Answer callPage(Caller caller, String method, String url, @Nullable Object body) {
		WebSession session = this.pages.get(caller);
		HttpResponse<String> response;
		if ("GET".equals(method)) {
			response = session.get(url, HTML);
		}
		else {
			// a fresh token: a page the caller may see, as a browser would have shown the
			// form
			session.get((caller == Caller.ANONYMOUS) ? "/login" : "/account", HTML);
			Map<String, String> fields = new LinkedHashMap<>();
			if (body != null) {
				@SuppressWarnings("unchecked")
				Map<String, String> form = (Map<String, String>) body;
				fields.putAll(form);
			}
			fields.put("_csrf", session.csrfToken());
			response = session.postRaw(url, fields, HTML);
		}
		return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(""), response.body());
	}

	private Answer callApi(Caller caller, String method, String url, @Nullable Object body) {
		ApiClient client = this.api.get(caller);
		ApiResponse response = switch (method) {
			case "GET" -> client.get(url);
			case "POST" -> client.post(url, (body != null) ? body : Map.of());
			case "PUT" -> client.put(url, (body != null) ? body : Map.of());
			case "PATCH" -> client.patch(url, (body != null) ? body : Map.of());
			case "DELETE" -> client.delete(url);
			default -> throw new IllegalArgumentException(method);
		};
		return new Answer(response.status(), response.header("Location"), response.body());
	}

	private WebSession signIn(String email, String password) {
		WebSession session = WebSession.signedIn(this.port, email, password);
		session.get("/account", HTML);
		return session;
	}

	// fixture helpers

	private String spareMember(Actor admin, String use) {
		String email = "spare-" + use + "-" + this.key + "@matrix.test";
		String token = this.invitations.invite(admin, email, Role.COMPLIANCE_OFFICER, Set.of()).token();
		this.invitations.accept(token, "Spare " + use, TwoTenants.PASSWORD, "127.0.0.1", "test");
		return membershipOf(admin, email);
	}

	/**
	 * A contact of tenant A; "Spare" ones are used up on purpose and left out of the
	 * state.
	 */
	private String contact(Actor admin, StoreId store, String firstName) {
		return this.contacts
			.create(admin,
					ContactDraft.builder()
						.firstName(firstName)
						.lastName(this.key)
						.email(ContactFixtures.email())
						.phone(ContactFixtures.usPhone())
						.storeId(store)
						.build())
			.getId()
			.toString();
	}

	private String template(Actor admin, String name) {
		return this.templates
			.create(admin,
					new com.herald.template.TemplateDraft(name, "sms", "promotional", null,
							"Hi {{ contact.first_name }}"))
			.id()
			.toString();
	}

	/** A draft SMS broadcast of tenant A with no audience yet. */
	private String broadcast(Actor admin, StoreId store, String name) {
		return this.broadcasts
			.create(admin,
					new com.herald.broadcast.BroadcastDraft(name + " " + this.key, store, Channel.SMS, null, null,
							"Hello {{ contact.first_name }}", null, com.herald.broadcast.Schedule.NOW, 0))
			.id()
			.toString();
	}

	/** An uploaded import of tenant A waiting for its plan. */
	private String victimImport(Actor admin, StoreId store) {
		return this.contactImports
			.upload(admin, store, "victims.csv",
					new java.io.ByteArrayInputStream(("email\nvictim-" + this.key + "@matrix.test\n")
						.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.id()
			.toString();
	}

	private String spareInvitation(Actor admin, String use) {
		return this.invitations
			.invite(admin, "spare-invitee-" + use + "-" + this.key + "@matrix.test", Role.COMPLIANCE_OFFICER, Set.of())
			.invitation()
			.getId()
			.toString();
	}

	private String spareKey(Actor admin, String use) {
		return this.apiKeys.create(admin, "spare " + use + " " + this.key, Role.COMPLIANCE_OFFICER)
			.apiKey()
			.getId()
			.toString();
	}

	/**
	 * An event number of tenant A's chain that tenant B's chain will not reach during the
	 * test (A's chain is made longer with invitations that are revoked at once).
	 */
	private long auditEventBeyondTenantB(Actor aAdmin) {
		Actor bAdmin = this.b.admin(this.accounts);
		int round = 0;
		while (newestEvent(aAdmin) <= newestEvent(bAdmin) + 40) {
			String email = "spare-padding-" + (round++) + "-" + this.key + "@matrix.test";
			this.invitations.revoke(aAdmin,
					this.invitations.invite(aAdmin, email, Role.COMPLIANCE_OFFICER, Set.of()).invitation().getId());
		}
		return newestEvent(aAdmin);
	}

	private long newestEvent(Actor actor) {
		return this.audit.search(actor, AuditFilter.all(), null, 1)
			.events()
			.stream()
			.findFirst()
			.map((event) -> event.seq())
			.orElse(0L);
	}

	private String membershipOf(Actor admin, String email) {
		return member(admin, email).membershipId().toString();
	}

	private Member member(Actor admin, String email) {
		return this.memberships.list(admin, PageRequest.of(0, 100))
			.stream()
			.filter((member) -> member.email().equals(email))
			.findFirst()
			.orElseThrow();
	}

	private List<String> invitationEmails(Actor admin) {
		return this.invitations.list(admin, PageRequest.of(0, 200)).stream().map((i) -> i.getEmail()).toList();
	}

	/**
	 * What a tenant admin would check: the tenant, its stores, members, invitations and
	 * API keys (leaving out the spares this test uses up on purpose).
	 */
	private String state(TenantFixture tenant) {
		Actor admin = tenant.admin(this.accounts);
		Tenant row = this.tenants.get(TwoTenants.platform(), tenant.id());
		StringBuilder state = new StringBuilder();
		state.append("tenant ").append(row.getSlug()).append(' ').append(row.getName()).append(' ');
		state.append(row.getStatus()).append('\n');
		this.stores.listAll(tenant.id())
			.stream()
			.map((store) -> "store " + store.getId() + " " + store.getDetails() + "\n")
			.sorted()
			.forEach(state::append);
		this.memberships.list(admin, PageRequest.of(0, 200))
			.stream()
			.filter((member) -> !member.email().startsWith("spare-"))
			.map((member) -> "member " + member.email() + " " + member.role() + " "
					+ new TreeSet<>(member.storeIds().stream().map(StoreId::toString).toList()) + "\n")
			.sorted()
			.forEach(state::append);
		this.invitations.list(admin, PageRequest.of(0, 200))
			.stream()
			.filter((invitation) -> !invitation.getEmail().startsWith("spare-"))
			.map((invitation) -> "invitation " + invitation.getEmail() + " " + invitation.getRole() + " "
					+ invitation.getRevokedAt() + " " + invitation.getAcceptedAt() + "\n")
			.sorted()
			.forEach(state::append);
		this.apiKeys.list(admin, PageRequest.of(0, 200))
			.stream()
			.filter((apiKey) -> !apiKey.getName().startsWith("spare "))
			.map((apiKey) -> "key " + apiKey.getName() + " " + apiKey.getRole() + " " + apiKey.isRevoked() + "\n")
			.sorted()
			.forEach(state::append);
		this.contacts.list(admin, ContactQuery.firstPage().withLimit(ContactQuery.MAX_LIMIT))
			.items()
			.stream()
			.filter((contact) -> !"Spare".equals(contact.firstName()))
			.map((contact) -> "contact " + contact + " consent " + this.consents.status(admin, contact.id()) + "\n")
			.sorted()
			.forEach(state::append);
		this.suppressions.list(admin, null, SuppressionService.MAX_LIST)
			.stream()
			.filter((suppression) -> !suppression.address().startsWith("spare-"))
			.map((suppression) -> "suppression " + suppression.channel() + " " + suppression.address() + " "
					+ suppression.reason() + "\n")
			.sorted()
			.forEach(state::append);
		// state: imports (keep this line; add below it)
		this.contactImports.list(admin, 0, 100)
			.items()
			.stream()
			.map((job) -> "import " + job.id() + " " + job.status() + " " + job.plan() + " " + job.processedRows()
					+ "\n")
			.sorted()
			.forEach(state::append);

		// state: segments and lists (keep this line; add below it)
		this.segments.list(admin, 0, 200)
			.stream()
			.filter((segment) -> !segment.name().startsWith("Spare"))
			.map((segment) -> "segment " + segment.name() + " " + segment.criteria() + "\n")
			.sorted()
			.forEach(state::append);
		this.lists.list(admin, null, 0, 200)
			.stream()
			.filter((list) -> !list.name().startsWith("Spare"))
			.map((list) -> "list " + list.name() + " " + list.members() + " "
					+ this.lists.members(admin, list.id(), null, 0, 100)
						.stream()
						.map((member) -> member.contact().id().toString())
						.sorted()
						.toList()
					+ "\n")
			.sorted()
			.forEach(state::append);

		// state: audience API (keep this line; add below it)

		// state: SMS settings, outbox and webhooks (keep this line; add below it)
		state.append("sms settings ").append(this.smsSettings.get(admin, null)).append('\n');
		state.append("sms settings of store one ")
			.append(this.smsSettings.get(admin, tenant.storeOne().getId()))
			.append('\n');

		// state: templates and pricing (keep this line; add below it)
		this.templates.list(admin, PageRequest.of(0, 100))
			.stream()
			.filter((template) -> !template.name().startsWith("Spare"))
			.map((template) -> "template " + template.name() + " " + template.category() + " " + template.body() + "\n")
			.sorted()
			.forEach(state::append);
		this.pricing.prices(admin)
			.stream()
			.filter((price) -> !Set.of("IE", "NL").contains(price.country()))
			.map((price) -> "sms price " + price.country() + " " + price.tenantPrice() + "\n")
			.forEach(state::append);
		state.append("email price ").append(this.pricing.emailPrice(admin).tenantPrice()).append('\n');

		// state: broadcasts (keep this line; add below it)
		this.broadcasts.list(admin, null, PageRequest.of(0, 200))
			.stream()
			.filter((b) -> !b.name().startsWith("Spare") && !b.name().startsWith("Copy of Spare"))
			.map((b) -> "broadcast " + b.id() + " " + b.name() + " " + b.status() + " " + b.version() + "\n")
			.sorted()
			.forEach(state::append);
		state.append("broadcast settings ").append(this.broadcasts.settings(tenant.id())).append('\n');
		// state: engine gaps (keep this line; add below it)
		this.quotas.list(admin).forEach((quota) -> state.append("quota ").append(quota).append('\n'));
		// state: email providers and SendGrid (keep this line; add below it)
		state.append("email settings ").append(this.emailSettings.get(admin, null)).append('\n');
		state.append("email settings of store one ")
			.append(this.emailSettings.get(admin, tenant.storeOne().getId()))
			.append('\n');
		// state: SMTP, DKIM and tracking (keep this line; add below it)
		state.append("smtp settings ").append(this.smtpSettings.get(admin, null)).append('\n');
		state.append("smtp settings of store one ")
			.append(this.smtpSettings.get(admin, tenant.storeOne().getId()))
			.append('\n');
		state.append("email tracking ").append(this.emailTracking.get(admin).enabled()).append('\n');
		this.senderDomains.list(admin, 0, 100)
			.stream()
			.filter((domain) -> !domain.domain().startsWith("spare-"))
			.map((domain) -> "sender domain " + domain.domain() + " " + domain.verified() + "\n")
			.sorted()
			.forEach(state::append);
		// state: preference center (keep this line; add below it)
		state.append("branding ").append(this.branding.settings(admin)).append('\n');
		// state: multi-channel and email compose (keep this line; add below it)

		return state.toString();
	}

	/**
	 * SMTP settings (tenant and store one) and sender domains: A's domain, spares for the
	 * callers who may confirm or remove one.
	 */
	private List<Row> smtpAndSenderDomainRows(Actor aAdmin, String storeOne) {
		List<Row> all = new ArrayList<>();
		Map<String, String> evilSmtp = Map.of("host", "evil-" + this.key + ".example.com", "port", "587", "security",
				"starttls", "username", "evil", "password", "evil-password");
		Map<String, String> badSmtp = Map.of("host", "not a host", "port", "99999", "security", "starttls");
		Map<String, String> evilStoreSmtp = new LinkedHashMap<>(evilSmtp);
		evilStoreSmtp.put("storeId", storeOne);
		Map<String, String> badStoreSmtp = new LinkedHashMap<>(badSmtp);
		badStoreSmtp.put("storeId", storeOne);
		all.add(page("GET", "/settings/smtp", "/settings/smtp").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/settings/smtp", "/settings/smtp?store=" + storeOne).target("A's store one")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/settings/smtp", "/settings/smtp").form(evilSmtp)
			.allowedForm(badSmtp)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/settings/smtp", "/settings/smtp").target("A's store one")
			.form(evilStoreSmtp)
			.allowedForm(badStoreSmtp)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/settings/smtp", "/api/v1/settings/smtp").expect(SIGN_IN, DENIED, OK, DENIED, DENIED,
				OK));
		all.add(api("GET", "/api/v1/settings/smtp", "/api/v1/settings/smtp?storeId=" + storeOne).target("A's store one")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("PUT", "/api/v1/settings/smtp", "/api/v1/settings/smtp").json(evilSmtp)
			.allowedJson(badSmtp)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("PUT", "/api/v1/settings/smtp", "/api/v1/settings/smtp?storeId=" + storeOne).target("A's store one")
			.json(evilSmtp)
			.allowedJson(badSmtp)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		String domain = this.senderDomains.add(aAdmin, "victim-" + this.key + ".example.com").id().toString();
		String spareForPage = this.senderDomains.add(aAdmin, "spare-page-" + this.key + ".example.com").id().toString();
		String spareForApi = this.senderDomains.add(aAdmin, "spare-api-" + this.key + ".example.com").id().toString();
		String spareRemoveForPage = this.senderDomains.add(aAdmin, "spare-rp-" + this.key + ".example.com")
			.id()
			.toString();
		String spareRemoveForApi = this.senderDomains.add(aAdmin, "spare-ra-" + this.key + ".example.com")
			.id()
			.toString();
		Map<String, String> evilDomain = Map.of("domain", "evil-" + this.key + ".example.com");
		Map<String, String> badDomain = Map.of("domain", "not a domain");
		String base = "/settings/sender-domains/";
		all.add(page("GET", "/settings/sender-domains", "/settings/sender-domains").expect(SIGN_IN, DENIED, OK, DENIED,
				DENIED, OK));
		all.add(page("POST", "/settings/sender-domains", "/settings/sender-domains").form(evilDomain)
			.allowedForm(badDomain)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", base + "{id}", base + domain).target("A's sender domain")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", base + "{id}/confirmation", base + domain + "/confirmation").target("A's sender domain")
			.form(Map.of("published", "true"))
			.allowedUrl(base + spareForPage + "/confirmation")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", base + "{id}/remove", base + domain + "/remove").target("A's sender domain")
			.allowedUrl(base + spareRemoveForPage + "/remove")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		String apiBase = "/api/v1/sender-domains/";
		all.add(api("GET", "/api/v1/sender-domains", "/api/v1/sender-domains").expect(SIGN_IN, DENIED, OK, DENIED,
				DENIED, OK));
		all.add(api("POST", "/api/v1/sender-domains", "/api/v1/sender-domains").json(evilDomain)
			.allowedJson(badDomain)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", apiBase + "{id}", apiBase + domain).target("A's sender domain")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("PUT", apiBase + "{id}/signing", apiBase + domain + "/signing").target("A's sender domain")
			.json(Map.of("signing", true))
			.allowedUrl(apiBase + spareForApi + "/signing")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("DELETE", apiBase + "{id}", apiBase + domain).target("A's sender domain")
			.allowedUrl(apiBase + spareRemoveForApi)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));

		// tracking: allowed callers switch it off (as it is), attackers try to switch it
		// on
		all.add(page("POST", "/settings/smtp/tracking", "/settings/smtp/tracking").form(Map.of("enabled", "true"))
			.allowedForm(Map.of("enabled", "false"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", "/api/v1/settings/email-tracking", "/api/v1/settings/email-tracking").expect(SIGN_IN, DENIED,
				OK, DENIED, DENIED, OK));
		all.add(api("PUT", "/api/v1/settings/email-tracking", "/api/v1/settings/email-tracking")
			.json(Map.of("enabled", true))
			.allowedJson(Map.of("enabled", false))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		// the public tracking endpoints: no sign-in, the signed token decides (forged
		// here: 404)
		all.add(page("GET", "/t/o/{token}", "/t/o/AQ" + this.key).expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC,
				PUBLIC));
		all.add(page("GET", "/t/c/{token}", "/t/c/AQ" + this.key).expect(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC,
				PUBLIC));
		return all;
	}

	/**
	 * Segments and static lists: A's segment and list (holding both A contacts), spares.
	 */
	private List<Row> segmentAndListRows(Actor aAdmin, String contactOne, String contactTwo) {
		com.herald.audience.Criterion everyone = com.herald.audience.Condition.of("first_name", "exists");
		String segment = this.segments.create(aAdmin, "Victim segment " + this.key, everyone).id().toString();
		String spareSegmentForPage = this.segments.create(aAdmin, "Spare page " + this.key, everyone).id().toString();
		String spareSegmentForApi = this.segments.create(aAdmin, "Spare api " + this.key, everyone).id().toString();
		String list = this.lists.create(aAdmin, "Victim list " + this.key).id().toString();
		this.lists.addMembers(aAdmin, UUID.fromString(list),
				List.of(new com.herald.contact.ContactId(UUID.fromString(contactOne)),
						new com.herald.contact.ContactId(UUID.fromString(contactTwo))));
		String spareListForPage = this.lists.create(aAdmin, "Spare page " + this.key).id().toString();
		String spareListForApi = this.lists.create(aAdmin, "Spare api " + this.key).id().toString();
		Map<String, Object> evilTree = Map.of("field", "email", "operator", "exists");
		Map<String, Object> evilSegment = Map.of("name", "Evil " + this.key, "criteria", evilTree);
		Map<String, Object> blankSegment = Map.of("name", "", "criteria", evilTree);
		Map<String, Object> evilMembers = Map.of("contactIds", List.of(contactTwo));
		Map<String, Object> noMembers = Map.of("contactIds", List.of());
		List<Row> all = new ArrayList<>();
		all.add(api("GET", "/api/v1/segments", "/api/v1/segments").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", "/api/v1/segments", "/api/v1/segments").json(evilSegment)
			.allowedJson(blankSegment)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", "/api/v1/segments/{id}", "/api/v1/segments/" + segment).target("A's segment")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("PUT", "/api/v1/segments/{id}", "/api/v1/segments/" + segment).target("A's segment")
			.json(evilSegment)
			.allowedJson(blankSegment)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("DELETE", "/api/v1/segments/{id}", "/api/v1/segments/" + segment).target("A's segment")
			.allowedUrl("/api/v1/segments/" + spareSegmentForApi)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/segments/{id}/count", "/api/v1/segments/" + segment + "/count")
			.target("A's segment")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("GET", "/api/v1/segments/{id}/sample", "/api/v1/segments/" + segment + "/sample")
			.target("A's segment")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("GET", "/api/v1/lists", "/api/v1/lists").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", "/api/v1/lists", "/api/v1/lists").json(Map.of("name", "Evil " + this.key))
			.allowedJson(Map.of("name", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("GET", "/api/v1/lists/{id}", "/api/v1/lists/" + list).target("A's list")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("PATCH", "/api/v1/lists/{id}", "/api/v1/lists/" + list).target("A's list")
			.json(Map.of("name", "Evil " + this.key))
			.allowedJson(Map.of("name", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("DELETE", "/api/v1/lists/{id}", "/api/v1/lists/" + list).target("A's list")
			.allowedUrl("/api/v1/lists/" + spareListForApi)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(api("GET", "/api/v1/lists/{id}/members", "/api/v1/lists/" + list + "/members").target("A's list")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(api("POST", "/api/v1/lists/{id}/members", "/api/v1/lists/" + list + "/members").target("A's list")
			.json(evilMembers)
			.allowedJson(noMembers)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("POST", "/api/v1/lists/{id}/members/remove", "/api/v1/lists/" + list + "/members/remove")
			.target("A's list")
			.json(evilMembers)
			.allowedJson(noMembers)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("POST", "/api/v1/lists/{id}/members/csv", "/api/v1/lists/" + list + "/members/csv")
			.target("A's list")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		// pages: segments and lists
		Map<String, String> evilSegmentForm = Map.of("name", "Evil " + this.key, "logic", "AND", "field0", "email",
				"operator0", "exists");
		Map<String, String> blankSegmentForm = Map.of("name", "", "logic", "AND", "field0", "email", "operator0",
				"exists");
		String segmentPage = "/segments/" + segment;
		all.add(page("GET", "/segments", "/segments").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("GET", "/segments/new", "/segments/new").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("POST", "/segments", "/segments").form(evilSegmentForm)
			.allowedForm(blankSegmentForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/segments/{id}/edit", segmentPage + "/edit").target("A's segment")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(page("POST", "/segments/{id}", segmentPage).target("A's segment")
			.form(evilSegmentForm)
			.allowedForm(blankSegmentForm)
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/segments/{id}/delete", segmentPage + "/delete").target("A's segment")
			.allowedUrl("/segments/" + spareSegmentForPage + "/delete")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/segments/preview", "/segments/preview")
			.form(Map.of("logic", "AND", "field0", "first_name", "operator0", "exists"))
			.expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("GET", "/lists", "/lists").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("POST", "/lists", "/lists").form(Map.of("name", "Evil " + this.key))
			.allowedForm(Map.of("name", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(page("GET", "/lists/{id}", "/lists/" + list).target("A's list")
			.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		all.add(page("POST", "/lists/{id}/delete", "/lists/" + list + "/delete").target("A's list")
			.allowedUrl("/lists/" + spareListForPage + "/delete")
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("GET", "/lists/picker", "/lists/picker?listQ=Victim").expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(page("POST", "/lists/{id}/rename", "/lists/" + list + "/rename").target("A's list")
			.form(Map.of("name", "Evil " + this.key))
			.allowedForm(Map.of("name", ""))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, MISSING));
		all.add(page("POST", "/lists/{id}/members/csv", "/lists/" + list + "/members/csv").target("A's list")
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/lists/{id}/members/remove", "/lists/" + list + "/members/remove").target("A's list")
			.form(Map.of("ids", contactTwo))
			.allowedForm(Map.of("scope", "selected"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(page("POST", "/lists/add-contacts", "/lists/add-contacts").form(Map.of("listId", list, "scope", "all"))
			.allowedForm(Map.of("scope", "selected"))
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		Map<String, Object> everyoneTree = Map.of("criteria", Map.of("field", "created_at", "operator", "exists"));
		all.add(api("POST", "/api/v1/lists/csv", "/api/v1/lists/csv").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("POST", "/api/v1/lists/{id}/members/matching", "/api/v1/lists/" + list + "/members/matching")
			.target("A's list")
			.json(everyoneTree)
			.allowedJson(Map.of())
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		all.add(api("POST", "/api/v1/lists/{id}/members/remove-matching",
				"/api/v1/lists/" + list + "/members/remove-matching")
			.target("A's list")
			.json(everyoneTree)
			.allowedJson(Map.of())
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		return all;
	}

	/**
	 * Broadcast endpoints: the denied callers aim at A's victim broadcast (store one);
	 * allowed callers change a spare written by the store manager (so the admin may
	 * approve it) or send invalid input.
	 */
	private List<Row> broadcastRows(Actor aAdmin, String storeOne) {
		Actor aManager = this.a.manager(this.accounts);
		com.herald.tenancy.StoreId store = this.a.storeOne().getId();
		com.herald.broadcast.Audience nobody = com.herald.broadcast.Audience
			.criteria(com.herald.audience.Condition.of("tags", "any", "nobody-" + this.key));
		String victim = this.broadcasts
			.create(aAdmin,
					new com.herald.broadcast.BroadcastDraft("Victim broadcast " + this.key, store, Channel.SMS, nobody,
							null, "Hello", null, com.herald.broadcast.Schedule.NOW, 0))
			.id()
			.toString();
		String spare = this.broadcasts
			.create(aManager,
					new com.herald.broadcast.BroadcastDraft("Spare broadcast " + this.key, store, Channel.SMS, nobody,
							null, "Hello", null, com.herald.broadcast.Schedule.NOW, 0))
			.id()
			.toString();
		String base = "/api/v1/broadcasts";
		Map<String, Object> evil = Map.of("name", "Evil", "storeId", storeOne, "channel", "sms", "body", "Evil");
		Map<String, Object> invalid = Map.of("name", "", "storeId", storeOne);
		List<Row> all = new ArrayList<>();
		all.add(api("GET", base, base).expect(SIGN_IN, DENIED, OK, OK, OK, OK));
		all.add(api("POST", base, base).json(evil).allowedJson(invalid).expect(SIGN_IN, DENIED, OK, OK, DENIED, OK));
		all.add(api("GET", base + "/settings", base + "/settings").expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		all.add(api("PUT", base + "/settings", base + "/settings")
			.json(Map.of("approval", "everyone", "testNumbers", List.of()))
			.allowedJson(Map.of("approval", "bogus"))
			.expect(SIGN_IN, DENIED, OK, DENIED, DENIED, OK));
		String url = base + "/" + victim;
		for (String read : new String[] { "", "/review", "/stats", "/recipients", "/dead-letters" }) {
			all.add(api("GET", base + "/{id}" + read, url + read).target("A's broadcast")
				.expect(SIGN_IN, DENIED, OK, OK, OK, MISSING));
		}
		all.add(api("PUT", base + "/{id}", url).target("A's broadcast")
			.json(evil)
			.allowedJson(invalid)
			.expect(SIGN_IN, DENIED, OK, OK, DENIED, MISSING));
		for (String action : new String[] { "/submit", "/approve", "/reject", "/schedule", "/launch", "/pause",
				"/resume", "/duplicate", "/test-send", "/dead-letters/retry", "/cancel" }) {
			boolean adminOnly = action.equals("/approve") || action.equals("/reject");
			Map<String, Object> body = action.equals("/reject") || action.equals("/approve")
					? Map.of("comment", "matrix") : Map.of();
			all.add(api("POST", base + "/{id}" + action, url + action).target("A's broadcast")
				.json(body)
				.allowedUrl(base + "/" + spare + action)
				.expect(SIGN_IN, DENIED, OK, adminOnly ? DENIED : OK, DENIED, MISSING));
		}
		return all;
	}

	private static Map<String, String> storeForm(String name) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("name", name);
		form.put("timezone", "UTC");
		form.put("addressLine1", "1 Evil Road");
		form.put("city", "Nowhere");
		form.put("postalCode", "00000");
		form.put("country", "US");
		form.put("defaultPhoneRegion", "US");
		return form;
	}

	private static String describe(Kind kind, Outcome outcome) {
		return switch (outcome) {
			case OK -> "through (authorised)";
			case DENIED -> "403";
			case MISSING -> "404";
			case SIGN_IN -> (kind == Kind.PAGE) ? "the sign-in page" : "401";
			case PUBLIC -> "no server error";
		};
	}

	private static Row page(String method, String pattern, String url) {
		return new Row(Kind.PAGE, method, pattern, url);
	}

	private static Row api(String method, String pattern, String url) {
		return new Row(Kind.API, method, pattern, url);
	}

	/** One endpoint aimed at one target, and what each caller must get. */
	private static final class Row {

		final Kind kind;

		final String method;

		final String pattern;

		final String url;

		@Nullable String target;

		@Nullable Object body;

		@Nullable String allowedUrl;

		@Nullable Object allowedBody;

		final Map<Caller, String> allowedUrls = new EnumMap<>(Caller.class);

		final Map<Caller, Outcome> outcomes = new EnumMap<>(Caller.class);

		Row(Kind kind, String method, String pattern, String url) {
			this.kind = kind;
			this.method = method;
			this.pattern = pattern;
			this.url = url;
		}

		Row target(String target) {
			this.target = target;
			return this;
		}

		/** The form the denied callers send: one that would change something. */
		Row form(Map<String, String> form) {
			this.body = form;
			return this;
		}

		/** The form the allowed callers send instead: harmless (invalid). */
		Row allowedForm(Map<String, String> form) {
			this.allowedBody = form;
			return this;
		}

		Row json(Map<String, ?> json) {
			this.body = json;
			return this;
		}

		Row allowedJson(Map<String, ?> json) {
			this.allowedBody = json;
			return this;
		}

		/** Where the allowed callers aim instead: a spare record. */
		Row allowedUrl(String url) {
			this.allowedUrl = url;
			return this;
		}

		/**
		 * Where one allowed caller aims instead: a spare of its own, when the call uses
		 * the record up (erasure).
		 */
		Row allowedUrl(Caller caller, String url) {
			this.allowedUrls.put(caller, url);
			return this;
		}

		/** Outcomes in {@link Caller} order. */
		Row expect(Outcome... outcomes) {
			assertThat(outcomes).hasSize(Caller.values().length);
			for (Caller caller : Caller.values()) {
				this.outcomes.put(caller, outcomes[caller.ordinal()]);
			}
			return this;
		}

		Outcome outcome(Caller caller) {
			Outcome outcome = this.outcomes.get(caller);
			if (outcome == null) {
				fail("No outcome for " + caller + " in " + name());
			}
			return outcome;
		}

		String endpoint() {
			return this.method + " " + this.pattern;
		}

		String name() {
			return this.kind + " " + endpoint() + ((this.target != null) ? " on " + this.target : "");
		}

	}

	/** What came back: status, redirect target and body. */
	private record Answer(int status, String location, String body) {

		boolean signInRedirect() {
			return this.status == 302 && (this.location.endsWith("/login") || this.location.contains("/login?"));
		}

		@Override
		public String toString() {
			String start = this.body.replaceAll("\\s+", " ");
			return this.status + (this.location.isEmpty() ? "" : " -> " + this.location) + " "
					+ start.substring(0, Math.min(start.length(), 300));
		}

	}

}
