package com.herald.web.broadcast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.consent.Channel;
import com.herald.dispatch.ChannelQuota;
import com.herald.dispatch.QuotaService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.Forms;

/**
 * The tenant's send quotas, for tenant admins: one form per channel with messages per
 * second, minute and day; an empty box uses the platform's default. Inputs are named
 * {@code <channel>-<limit>} so each has its own label, error and anchor.
 */
@Controller
@RequestMapping("/broadcasts/settings/quotas")
class QuotaSettingsController {

	private static final List<String> LIMITS = List.of("perSecond", "perMinute", "perDay");

	private final QuotaService quotas;

	private final CurrentActor currentActor;

	QuotaSettingsController(QuotaService quotas, CurrentActor currentActor) {
		this.quotas = quotas;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String show(HttpServletRequest request, Model model) {
		List<ChannelQuota> current = this.quotas.list(this.currentActor.get(request));
		return page(model, current, values(current));
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	String save(@RequestParam(name = "channel", required = false) @Nullable String channelKey,
			@RequestParam Map<String, String> form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		Channel channel = Channel.fromKey((channelKey != null) ? channelKey : "");
		String prefix = channel.key() + "-";
		Map<String, String> errors = new LinkedHashMap<>();
		Long[] limits = new Long[LIMITS.size()];
		for (int i = 0; i < LIMITS.size(); i++) {
			String typed = form.getOrDefault(prefix + LIMITS.get(i), "").strip().replace(",", "");
			if (typed.isEmpty()) {
				continue;
			}
			try {
				limits[i] = Long.parseLong(typed);
			}
			catch (NumberFormatException ex) {
				errors.put(prefix + LIMITS.get(i),
						"Enter a whole number, or leave it empty for the platform's default");
			}
		}
		try {
			if (errors.isEmpty()) {
				ChannelQuota saved = this.quotas.save(actor, channel, limits[0], limits[1], limits[2]);
				redirect.addFlashAttribute("flashSuccess",
						"Send quotas for " + BroadcastLabels.channelLabel(saved.channel()) + " saved.");
				return "redirect:/broadcasts/settings/quotas";
			}
		}
		catch (InvalidInputException ex) {
			ex.getFieldErrors().forEach((field, message) -> errors.put(prefix + field, message));
		}
		Forms.reject(model, errors);
		List<ChannelQuota> current = this.quotas.list(actor);
		Map<String, String> values = values(current);
		// keep what was typed in the form that failed
		LIMITS.forEach((limit) -> values.put(prefix + limit, form.getOrDefault(prefix + limit, "")));
		return page(model, current, values);
	}

	private static Map<String, String> values(List<ChannelQuota> quotas) {
		Map<String, String> values = new LinkedHashMap<>();
		for (ChannelQuota quota : quotas) {
			String prefix = quota.channel().key() + "-";
			values.put(prefix + "perSecond", text(quota.perSecond()));
			values.put(prefix + "perMinute", text(quota.perMinute()));
			values.put(prefix + "perDay", text(quota.perDay()));
		}
		return values;
	}

	private static String text(@Nullable Long value) {
		return (value != null) ? value.toString() : "";
	}

	private static String page(Model model, List<ChannelQuota> quotas, Map<String, String> values) {
		Map<String, String> labels = new LinkedHashMap<>();
		quotas.forEach((quota) -> labels.put(quota.channel().key(), BroadcastLabels.channelLabel(quota.channel())));
		model.addAttribute("quotas", quotas);
		model.addAttribute("labels", labels);
		model.addAttribute("values", values);
		return "broadcasts/quotas";
	}

}
