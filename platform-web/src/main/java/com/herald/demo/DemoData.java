package com.herald.demo;

import java.time.ZoneId;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.herald.tenancy.Actor;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.Role;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreDetails;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantService;

/**
 * Seeds the demo tenant once (it is left alone on later starts): "Demo Salons" with two
 * stores, one user per role, all with the password {@value #PASSWORD}, and
 * {@code herald.demo.contacts} generated contacts (with consent, suppressions and
 * preferences) so the contact list and the audience builder have something to show.
 * Accounts are created through invitations, as real ones are, so the demo's audit trail
 * reads like a real tenant's.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "herald.demo", havingValue = "true")
class DemoData implements ApplicationRunner {

	static final String SLUG = "demo";

	static final String PASSWORD = "demo-password-2026";

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	private final TenantService tenants;

	private final StoreService stores;

	private final InvitationService invitations;

	private final ContactGenerator contacts;

	private final int contactCount;

	private final String port;

	DemoData(TenantService tenants, StoreService stores, InvitationService invitations, ContactGenerator contacts,
			@Value("${herald.demo.contacts:2000}") int contactCount, @Value("${server.port:8080}") String port) {
		this.tenants = tenants;
		this.stores = stores;
		this.invitations = invitations;
		this.contacts = contacts;
		this.contactCount = contactCount;
		this.port = port;
	}

	@Override
	public void run(ApplicationArguments args) {
		Actor platform = new Actor(Actor.Type.SYSTEM, null, "demo seed", null, Role.SUPER_ADMIN, Set.of(), null, null);
		boolean exists = this.tenants.list(platform, SLUG, org.springframework.data.domain.Pageable.ofSize(50))
			.stream()
			.anyMatch((tenant) -> tenant.getSlug().equals(SLUG));
		if (!exists) {
			seed(platform);
		}
		log.info("""

				Demo tenant "Demo Salons" is ready. Sign in at http://localhost:{}/login with password {} as:
				  tenant admin        admin@demo.herald.local
				  store manager       downtown@demo.herald.local   (Downtown store)
				  compliance officer  compliance@demo.herald.local""", this.port, PASSWORD);
	}

	private void seed(Actor platform) {
		Tenant tenant = this.tenants.create(platform, SLUG, "Demo Salons");
		Actor inTenant = platform.withTenant(tenant.getId(), Role.SUPER_ADMIN, Set.of());
		Store downtown = this.stores.create(inTenant, new StoreDetails("Downtown", ZoneId.of("America/New_York"),
				"120 Main Street", null, "Springfield", "IL", "62701", "US", "US"));
		this.stores.create(inTenant, new StoreDetails("Riverside", ZoneId.of("America/Chicago"), "8 River Road",
				"Suite 2", "Springfield", "IL", "62702", "US", "US"));
		invite(inTenant, "admin@demo.herald.local", "Dana Admin", Role.TENANT_ADMIN, Set.of());
		invite(inTenant, "downtown@demo.herald.local", "Sam Manager", Role.STORE_MANAGER, Set.of(downtown.getId()));
		invite(inTenant, "compliance@demo.herald.local", "Casey Compliance", Role.COMPLIANCE_OFFICER, Set.of());
		if (this.contactCount > 0) {
			ContactGenerator.GeneratedContacts generated = this.contacts.generate(inTenant, this.contactCount,
					(done) -> log.info("Demo contacts: {} of {} written", done, this.contactCount));
			log.info("Demo tenant seeded with {} contacts ({} consent records, {} suppressions)", generated.contacts(),
					generated.consentRecords(), generated.suppressions());
		}
	}

	private void invite(Actor actor, String email, String name, Role role, Set<com.herald.tenancy.StoreId> stores) {
		InvitationService.IssuedInvitation issued = this.invitations.invite(actor, email, role, stores);
		this.invitations.accept(issued.token(), name, PASSWORD, null, "demo seed");
	}

}
