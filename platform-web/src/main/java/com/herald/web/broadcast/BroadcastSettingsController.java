package com.herald.web.broadcast;

import java.util.Arrays;
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

import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastSettings;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.Forms;
import com.herald.web.Option;

/**
 * A tenant's broadcast settings, for tenant admins: whose broadcasts need approval, and
 * the numbers test sends go to (one per line).
 */
@Controller
@RequestMapping("/broadcasts/settings")
class BroadcastSettingsController {

	private static final List<Option> APPROVALS = List.of(new Option("never", "Nobody's: anyone who writes launches"),
			new Option("store_managers", "Store managers' broadcasts"),
			new Option("everyone", "Everyone's broadcasts"));

	private final BroadcastService broadcasts;

	private final CurrentActor currentActor;

	BroadcastSettingsController(BroadcastService broadcasts, CurrentActor currentActor) {
		this.broadcasts = broadcasts;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(BroadcastController.APPROVERS)
	String show(HttpServletRequest request, Model model) {
		BroadcastSettings settings = this.broadcasts.settings(this.currentActor.get(request).requireTenant());
		return page(model, settings.approval().key(), String.join("\n", settings.testNumbers()));
	}

	@PostMapping
	@PreAuthorize(BroadcastController.APPROVERS)
	String save(@RequestParam(name = "approval", required = false) @Nullable String approval,
			@RequestParam(name = "testNumbers", required = false) @Nullable String testNumbers,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		String numbersText = (testNumbers != null) ? testNumbers : "";
		List<String> numbers = Arrays.stream(numbersText.split("[\\r\\n,]+"))
			.map(String::strip)
			.filter((line) -> !line.isEmpty())
			.toList();
		BroadcastSettings.Approval rule = APPROVALS.stream()
			.filter((option) -> option.value().equals(approval))
			.findFirst()
			.map((option) -> BroadcastSettings.Approval.fromKey(option.value()))
			.orElse(null);
		if (rule == null) {
			Forms.reject(model, Map.of("approval", "Choose whose broadcasts need approval"));
			return page(model, "", numbersText);
		}
		try {
			this.broadcasts.updateSettings(actor, new BroadcastSettings(rule, numbers));
		}
		catch (InvalidInputException ex) {
			// testNumbers[2] is the third line: name it, and show the message beside the
			// box
			Map<String, String> errors = new LinkedHashMap<>();
			ex.getFieldErrors().forEach((field, message) -> {
				String line = field.startsWith("testNumbers[")
						? "Line " + (Integer.parseInt(field.replaceAll("\\D", "")) + 1) + ": " : "";
				errors.merge("testNumbers", line + message, (a, b) -> a + " " + b);
			});
			Forms.reject(model, errors);
			return page(model, rule.key(), numbersText);
		}
		redirect.addFlashAttribute("flashSuccess", "Broadcast settings saved.");
		return "redirect:/broadcasts/settings";
	}

	private static String page(Model model, String approval, String testNumbers) {
		model.addAttribute("approvalOptions", APPROVALS);
		model.addAttribute("approval", approval);
		model.addAttribute("testNumbers", testNumbers);
		model.addAttribute("maxTestNumbers", BroadcastSettings.MAX_TEST_NUMBERS);
		return "broadcasts/settings";
	}

}
