package com.herald.web.session;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.security.CurrentActor;
import com.herald.security.HeraldPrincipal;
import com.herald.security.SignInHandlers;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.TenantMembership;
import com.herald.tenancy.TenantTransactions;

/** Sign-in page and the tenant picker for people who work for several tenants. */
@Controller
class SessionController {

	/** What the picker sends when a super admin leaves tenant work for platform work. */
	private static final String PLATFORM = "platform";

	private final ObjectProvider<InMemoryClientRegistrationRepository> oidcClients;

	private final SignInHandlers signIn;

	private final CurrentActor currentActor;

	private final AuditTrail audit;

	private final TenantTransactions transactions;

	SessionController(ObjectProvider<InMemoryClientRegistrationRepository> oidcClients, SignInHandlers signIn,
			CurrentActor currentActor, AuditTrail audit, TenantTransactions transactions) {
		this.oidcClients = oidcClients;
		this.signIn = signIn;
		this.currentActor = currentActor;
		this.audit = audit;
		this.transactions = transactions;
	}

	@GetMapping("/login")
	String login(Model model) {
		Optional.ofNullable(this.oidcClients.getIfAvailable())
			.flatMap((clients) -> clients.iterator().hasNext() ? Optional.of(clients.iterator().next())
					: Optional.<ClientRegistration>empty())
			.ifPresent((client) -> model.addAttribute("oidcLoginUrl",
					"/oauth2/authorization/" + client.getRegistrationId()));
		return "login";
	}

	@GetMapping("/tenants/select")
	String chooseTenant(Model model) {
		model.addAttribute("memberships", CurrentActor.principal().memberships());
		return "session/select-tenant";
	}

	@PostMapping("/tenants/select")
	String selectTenant(@RequestParam("tenantId") String tenantId, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes redirect) {
		HeraldPrincipal principal = CurrentActor.principal();
		if (PLATFORM.equals(tenantId) && principal.superAdmin()) {
			this.signIn.establish(request, response, principal.withActive(null));
			this.transactions.asPlatform(() -> {
				this.audit.record(this.currentActor.get(request), "session.platform_selected", null);
				return null;
			});
			redirect.addFlashAttribute("flashSuccess", "You are now working on the platform.");
			return "redirect:/";
		}
		Optional<TenantMembership> chosen = principal.memberships()
			.stream()
			.filter((membership) -> membership.tenantId().toString().equals(tenantId))
			.findFirst();
		if (chosen.isEmpty()) {
			redirect.addFlashAttribute("flashError", "You do not work for that tenant.");
			return "redirect:/tenants/select";
		}
		this.signIn.establish(request, response, principal.withActive(chosen.get()));
		this.transactions.runInTenant(chosen.get().tenantId(), () -> this.audit.record(this.currentActor.get(request),
				"session.tenant_selected", AuditTrail.Target.of("tenant", tenantId)));
		redirect.addFlashAttribute("flashSuccess", "You are now working in " + chosen.get().tenantName() + ".");
		return "redirect:/";
	}

}
