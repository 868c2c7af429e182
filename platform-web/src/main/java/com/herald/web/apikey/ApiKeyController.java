package com.herald.web.apikey;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.security.CurrentActor;
import com.herald.tenancy.ApiKey;
import com.herald.tenancy.ApiKeyId;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Role;
import com.herald.web.Forms;
import com.herald.web.Option;
import com.herald.web.Paging;

/**
 * A tenant's REST API keys, for its tenant admins: the whole key is shown once, right
 * after it is created; afterwards only its prefix.
 */
@Controller
@RequestMapping("/api-keys")
class ApiKeyController {

	private static final List<Option> ROLES = List.of(
			new Option(Role.COMPLIANCE_OFFICER.name(), "Compliance officer (reads the audit log)"),
			new Option(Role.TENANT_ADMIN.name(), "Tenant admin (everything)"));

	private final ApiKeyService keys;

	private final CurrentActor currentActor;

	ApiKeyController(ApiKeyService keys, CurrentActor currentActor) {
		this.keys = keys;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		model.addAttribute("form", ApiKeyForm.empty());
		return show(page, request, model);
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String create(@ModelAttribute("form") ApiKeyForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		try {
			ApiKeyService.IssuedApiKey issued = this.keys.create(this.currentActor.get(request),
					Objects.toString(form.name(), ""), role(form.role()));
			redirect.addFlashAttribute("issuedKey", issued.key());
			redirect.addFlashAttribute("issuedName", issued.apiKey().getName());
			return "redirect:/api-keys";
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return show(1, request, model);
		}
	}

	@PostMapping("/{id}/revoke")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String revoke(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		this.keys.revoke(this.currentActor.get(request), new ApiKeyId(id));
		redirect.addFlashAttribute("flashSuccess",
				"The API key is revoked: requests using it are refused from now on.");
		return "redirect:/api-keys";
	}

	private String show(int page, HttpServletRequest request, Model model) {
		Page<ApiKey> found = this.keys.list(this.currentActor.get(request),
				Paging.request(page, Sort.by(Sort.Direction.DESC, "createdAt")));
		model.addAttribute("keys", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		model.addAttribute("roles", ROLES);
		return "api-keys/list";
	}

	private static Role role(String value) {
		return ROLES.stream()
			.filter((option) -> option.value().equals(value))
			.findFirst()
			.map((option) -> Role.valueOf(option.value()))
			.orElseThrow(() -> new InvalidInputException("role", "Choose Tenant admin or Compliance officer"));
	}

}
