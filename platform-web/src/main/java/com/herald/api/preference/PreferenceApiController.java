package com.herald.api.preference;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.herald.contact.ContactId;
import com.herald.preference.BrandingService;
import com.herald.preference.BrandingSettings;
import com.herald.preference.PreferenceCenter;
import com.herald.security.CurrentActor;

/**
 * The preference center for tenant users: links to hand a contact (support), and the
 * branding of the public pages.
 */
@RestController
@Tag(name = "Preference center", description = "Recipients' preference links and the public pages' branding")
class PreferenceApiController {

	private final PreferenceCenter center;

	private final BrandingService branding;

	private final CurrentActor currentActor;

	PreferenceApiController(PreferenceCenter center, BrandingService branding, CurrentActor currentActor) {
		this.center = center;
		this.branding = branding;
		this.currentActor = currentActor;
	}

	/**
	 * Fresh links for a contact. Whoever holds them can change the contact's consent, so
	 * only those who may change it get them, and each issue is audited.
	 */
	@PostMapping("/api/v1/contacts/{id}/preference-link")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Issue the contact's preference page link and an unsubscribe link per channel")
	public PreferenceLinkResponse issue(@PathVariable UUID id, HttpServletRequest request) {
		PreferenceCenter.IssuedLinks links = this.center.issueLinks(this.currentActor.get(request), new ContactId(id));
		Map<String, String> unsubscribe = new TreeMap<>();
		links.unsubscribeUrls().forEach((channel, url) -> unsubscribe.put(channel.key(), url));
		return new PreferenceLinkResponse(links.preferencesUrl(), unsubscribe, links.expiresAt());
	}

	@GetMapping("/api/v1/settings/branding")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')")
	@Operation(summary = "The public pages' branding as stored (null: the default)")
	public BrandingSettings branding(HttpServletRequest request) {
		return this.branding.settings(this.currentActor.get(request));
	}

	@PutMapping("/api/v1/settings/branding")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Replace the public pages' branding (null or empty fields: the default)")
	public BrandingSettings updateBranding(@RequestBody BrandingSettings body, HttpServletRequest request) {
		return this.branding.update(this.currentActor.get(request), body);
	}

}
