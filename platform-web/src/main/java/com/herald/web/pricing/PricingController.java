package com.herald.web.pricing;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.pricing.EmailPrice;
import com.herald.pricing.PricingService;
import com.herald.pricing.SmsPrice;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.Forms;

/**
 * The tenant's prices: SMS per segment (Herald's list prices and the tenant's own) and
 * the price per email, which a tenant admin sets or removes (estimates and costs use
 * them).
 */
@Controller
@RequestMapping("/settings/pricing")
@PreAuthorize("hasRole('TENANT_ADMIN')")
class PricingController {

	private final PricingService pricing;

	private final CurrentActor currentActor;

	PricingController(PricingService pricing, CurrentActor currentActor) {
		this.pricing = pricing;
		this.currentActor = currentActor;
	}

	@GetMapping
	String show(HttpServletRequest request, Model model) {
		return page(model, this.currentActor.get(request), "", "", "");
	}

	@PostMapping
	String set(@RequestParam(name = "country", required = false) @Nullable String country,
			@RequestParam(name = "price", required = false) @Nullable String price, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			SmsPrice saved = this.pricing.setPrice(actor, (country != null) ? country : "", amount(price));
			redirect.addFlashAttribute("flashSuccess",
					"SMS to " + saved.country() + " now cost " + saved.price().toPlainString() + " per segment.");
			return "redirect:/settings/pricing";
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return page(model, actor, country, price, "");
		}
	}

	@PostMapping("/email")
	String setEmailPrice(@RequestParam(name = "emailPrice", required = false) @Nullable String price,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			EmailPrice saved = this.pricing.setEmailPrice(actor, amount(price));
			redirect.addFlashAttribute("flashSuccess",
					"An email now costs " + saved.price().toPlainString() + " " + PricingService.currency() + ".");
			return "redirect:/settings/pricing";
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, Forms.renamed(ex, Map.of("price", "emailPrice")));
			return page(model, actor, "", "", price);
		}
	}

	@PostMapping("/email/delete")
	String removeEmailPrice(HttpServletRequest request, RedirectAttributes redirect) {
		EmailPrice now = this.pricing.removeEmailPrice(this.currentActor.get(request));
		redirect.addFlashAttribute("flashSuccess", "Your email price is removed: Herald's ("
				+ now.price().toPlainString() + " " + PricingService.currency() + ") applies again.");
		return "redirect:/settings/pricing";
	}

	@PostMapping("/{country}/delete")
	String remove(@PathVariable String country, HttpServletRequest request, RedirectAttributes redirect) {
		this.pricing.removePrice(this.currentActor.get(request), country);
		redirect.addFlashAttribute("flashSuccess",
				"Your price for " + country.toUpperCase(java.util.Locale.ROOT) + " is removed.");
		return "redirect:/settings/pricing";
	}

	private String page(Model model, Actor actor, @Nullable String country, @Nullable String price,
			@Nullable String emailPrice) {
		model.addAttribute("prices", this.pricing.prices(actor));
		model.addAttribute("emailPrice", this.pricing.emailPrice(actor));
		model.addAttribute("emailPriceInput", (emailPrice != null) ? emailPrice : "");
		model.addAttribute("currency", PricingService.currency());
		model.addAttribute("otherCountries", PricingService.otherCountries());
		model.addAttribute("country", (country != null) ? country : "");
		model.addAttribute("price", (price != null) ? price : "");
		return "pricing/show";
	}

	private static @Nullable BigDecimal amount(@Nullable String price) {
		if (price == null || price.isBlank()) {
			return null;
		}
		try {
			return new BigDecimal(price.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException("price", "Enter the price as a number, like 0.0083");
		}
	}

}
