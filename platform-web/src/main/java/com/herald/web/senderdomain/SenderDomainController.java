package com.herald.web.senderdomain;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.email.dkim.SenderDomain;
import com.herald.email.dkim.SenderDomainService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.Forms;
import com.herald.web.Paging;
import com.herald.web.PathIds;

/**
 * Sender domains: add one, publish its DKIM record (with SPF and DMARC guidance), confirm
 * it is published so messages from it are signed, remove it. Tenant admins.
 */
@Controller
@RequestMapping("/settings/sender-domains")
class SenderDomainController {

	private final SenderDomainService domains;

	private final CurrentActor currentActor;

	SenderDomainController(SenderDomainService domains, CurrentActor currentActor) {
		this.domains = domains;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String list(@RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
		return listPage(this.currentActor.get(request), page, null, request, model);
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String add(@RequestParam(name = "domain", required = false) @Nullable String domain, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		SenderDomain added;
		try {
			added = this.domains.add(actor, domain);
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return listPage(actor, 0, domain, request, model);
		}
		redirect.addFlashAttribute("flashSuccess",
				"Domain added. Publish the DNS records below, then confirm they are published.");
		return "redirect:/settings/sender-domains/" + added.id();
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String show(@PathVariable String id, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		model.addAttribute("domain", this.domains.get(actor, PathIds.uuid("Sender domain", id)));
		return "settings/sender-domain";
	}

	@PostMapping("/{id}/confirmation")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String confirm(@PathVariable String id, @RequestParam(defaultValue = "false") boolean published,
			HttpServletRequest request, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		SenderDomain domain = this.domains.confirmPublished(actor, PathIds.uuid("Sender domain", id), published);
		redirect.addFlashAttribute("flashSuccess",
				domain.verified() ? "Confirmed: email from " + domain.domain() + " is now DKIM-signed."
						: "Email from " + domain.domain() + " is no longer signed.");
		return "redirect:/settings/sender-domains/" + domain.id();
	}

	@PostMapping("/{id}/remove")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String remove(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		this.domains.remove(this.currentActor.get(request), PathIds.uuid("Sender domain", id));
		redirect.addFlashAttribute("flashSuccess", "Domain removed. Its DKIM key is gone.");
		return "redirect:/settings/sender-domains";
	}

	private String listPage(Actor actor, int page, @Nullable String typed, HttpServletRequest request, Model model) {
		Page<SenderDomain> domains = this.domains.list(actor, page, Paging.SIZE);
		model.addAttribute("domains", domains.getContent());
		model.addAttribute("paging", Paging.of(domains, request));
		model.addAttribute("typedDomain", typed);
		return "settings/sender-domains";
	}

}
