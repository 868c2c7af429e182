package com.herald.api.consent;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.ContactPreferences;
import com.herald.consent.FrequencyCap;
import com.herald.consent.PreferenceService;
import com.herald.consent.QuietHours;
import com.herald.contact.ContactId;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;

/**
 * A contact's consent ledger and preferences. Tenant admins and store managers (for their
 * stores' contacts) record changes; compliance officers read.
 */
@RestController
@RequestMapping("/api/v1/contacts/{id}")
@Tag(name = "Consent", description = "A contact's consent ledger and preferences")
class ConsentApiController {

	private static final String READ = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private static final String CHANGE = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')";

	private final ConsentService consents;

	private final PreferenceService preferences;

	private final CurrentActor currentActor;

	ConsentApiController(ConsentService consents, PreferenceService preferences, CurrentActor currentActor) {
		this.consents = consents;
		this.preferences = preferences;
		this.currentActor = currentActor;
	}

	@GetMapping("/consents")
	@PreAuthorize(READ)
	@Operation(summary = "The contact's consent per channel and every change, newest first")
	public ConsentHistoryResponse history(@PathVariable UUID id, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		ContactId contact = new ContactId(id);
		Map<String, String> status = new TreeMap<>();
		this.consents.status(actor, contact).forEach((channel, value) -> status.put(channel.key(), value.key()));
		for (Channel channel : Channel.values()) {
			status.putIfAbsent(channel.key(), ConsentStatus.UNKNOWN.key());
		}
		return new ConsentHistoryResponse(status,
				this.consents.history(actor, contact).stream().map(ConsentResponse::of).toList());
	}

	@PostMapping("/consents")
	@PreAuthorize(CHANGE)
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Record a consent change (opting in needs the wording the contact agreed to)")
	public ConsentResponse record(@PathVariable UUID id, @RequestBody ConsentRequest body, HttpServletRequest request) {
		Map<String, String> errors = new LinkedHashMap<>();
		Channel channel = parse(errors, "channel", body.channel(), Channel.values(), null);
		ConsentStatus status = parse(errors, "status", body.status(),
				new ConsentStatus[] { ConsentStatus.OPTED_IN, ConsentStatus.OPTED_OUT }, null);
		ConsentSource source = parse(errors, "source", body.source(), ConsentSource.values(), ConsentSource.API);
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return ConsentResponse.of(this.consents.record(this.currentActor.get(request), new ContactId(id), channel,
				status, source, body.wording(), body.ip(), body.userAgent(), body.occurredAt()));
	}

	@GetMapping("/preferences")
	@PreAuthorize(READ)
	public PreferencesResponse preferences(@PathVariable UUID id, HttpServletRequest request) {
		return PreferencesResponse.of(this.preferences.get(this.currentActor.get(request), new ContactId(id)));
	}

	@PutMapping("/preferences")
	@PreAuthorize(CHANGE)
	@Operation(
			summary = "Set category choices (others stay), and replace quiet hours and the frequency cap (null clears)")
	public PreferencesResponse updatePreferences(@PathVariable UUID id, @RequestBody PreferencesRequest body,
			HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		ContactId contact = new ContactId(id);
		Map<String, String> errors = new LinkedHashMap<>();
		Map<Channel, Map<String, Boolean>> categories = new LinkedHashMap<>();
		if (body.categories() != null) {
			body.categories().forEach((key, choices) -> {
				Channel channel = parse(errors, "categories." + key, key, Channel.values(), null);
				if (channel != null && choices != null) {
					categories.put(channel, choices);
				}
			});
		}
		QuietHours quietHours = null;
		FrequencyCap cap = null;
		try {
			if (body.quietHours() != null) {
				quietHours = QuietHours.of(body.quietHours().start(), body.quietHours().end());
			}
		}
		catch (InvalidInputException ex) {
			errors.putAll(ex.getFieldErrors());
		}
		try {
			if (body.frequencyCap() != null) {
				cap = new FrequencyCap(body.frequencyCap().messages(), body.frequencyCap().days());
			}
		}
		catch (InvalidInputException ex) {
			errors.putAll(ex.getFieldErrors());
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		categories.forEach((channel, choices) -> choices.forEach((category, optedIn) -> this.preferences
			.setCategory(actor, contact, channel, category, Boolean.TRUE.equals(optedIn))));
		this.preferences.setQuietHours(actor, contact, quietHours);
		ContactPreferences result = this.preferences.setFrequencyCap(actor, contact, cap);
		return PreferencesResponse.of(result);
	}

	/**
	 * A constant by its lowercase key ({@code opted_in}, {@code sms}); {@code fallback}
	 * when blank, an error when required and blank or unknown.
	 */
	static <E extends Enum<E>> @Nullable E parse(Map<String, String> errors, String field, @Nullable String value,
			E[] allowed, @Nullable E fallback) {
		if (value == null || value.isBlank()) {
			if (fallback == null) {
				errors.put(field, "This field is required");
			}
			return fallback;
		}
		String name = value.strip().toUpperCase(Locale.ROOT);
		return Arrays.stream(allowed).filter((constant) -> constant.name().equals(name)).findFirst().orElseGet(() -> {
			errors.put(field,
					"Use one of " + Arrays.stream(allowed)
						.map((constant) -> constant.name().toLowerCase(Locale.ROOT))
						.collect(Collectors.joining(", ")));
			return null;
		});
	}

}
