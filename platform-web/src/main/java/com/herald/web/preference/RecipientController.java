package com.herald.web.preference;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

import com.herald.consent.Channel;
import com.herald.consent.QuietHours;
import com.herald.preference.Branding;
import com.herald.preference.LinkRejectedException;
import com.herald.preference.LinkToken;
import com.herald.preference.PreferenceCenter;
import com.herald.preference.PreferenceLinks;
import com.herald.preference.RecipientPage;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.web.preference.RecipientRateLimit.TooManyRequestsException;

/**
 * The public pages a recipient reaches from a message: the unsubscribe confirmation (GET
 * only shows it, so link scanners never unsubscribe anyone), the unsubscribe itself (a
 * form POST, or an RFC 8058 one-click POST from the mail provider) and the preference
 * page. No sign-in: the signed link decides whose choices these are. Every change goes
 * through {@link PreferenceCenter}; every refusal is a friendly page.
 */
@Controller
class RecipientController {

	private static final Logger log = LoggerFactory.getLogger(RecipientController.class);

	private static final String ONE_CLICK = "One-Click";

	private final PreferenceLinks links;

	private final PreferenceCenter center;

	private final RecipientRateLimit limits;

	private final MessageSource messages;

	RecipientController(PreferenceLinks links, PreferenceCenter center, RecipientRateLimit limits,
			MessageSource messages) {
		this.links = links;
		this.center = center;
		this.limits = limits;
		this.messages = messages;
	}

	/**
	 * Loads the CSRF token before the page renders, so its cookie is set while the
	 * response can still take headers (the token is otherwise made lazily, mid-page).
	 */
	@ModelAttribute
	void csrfCookie(HttpServletRequest request) {
		if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
			token.getToken();
		}
	}

	@GetMapping("/u/{token}")
	String confirmUnsubscribe(@PathVariable String token, HttpServletRequest request, Model model) {
		LinkToken link = verify(request, token, LinkToken.Kind.UNSUBSCRIBE);
		model.addAttribute("branding", this.center.branding(link));
		model.addAttribute("channelName", channelName(link, request));
		model.addAttribute("token", token);
		model.addAttribute("expired", request.getParameter("expired") != null);
		return "recipient/unsubscribe";
	}

	/**
	 * The form's POST and the RFC 8058 one-click POST
	 * ({@code List-Unsubscribe=One-Click}, without a CSRF token): both unsubscribe at
	 * once and answer 200 with the done page.
	 */
	@PostMapping("/u/{token}")
	String unsubscribe(@PathVariable String token,
			@RequestParam(name = "List-Unsubscribe", required = false) @Nullable String oneClick,
			HttpServletRequest request, Model model) {
		LinkToken link = verify(request, token, LinkToken.Kind.UNSUBSCRIBE);
		this.center.unsubscribe(link, client(request), ONE_CLICK.equals(oneClick));
		model.addAttribute("branding", this.center.branding(link));
		model.addAttribute("channelName", channelName(link, request));
		// the path only: the page is already on Herald's public address
		model.addAttribute("preferencesPath",
				java.net.URI.create(this.links.preferences(link.tenantId(), link.contactId())).getPath());
		return "recipient/unsubscribed";
	}

	@GetMapping("/p/{token}")
	String preferences(@PathVariable String token, @RequestParam(required = false) @Nullable String saved,
			@RequestParam(required = false) @Nullable String error, HttpServletRequest request, Model model) {
		LinkToken link = verify(request, token, LinkToken.Kind.PREFERENCES);
		RecipientPage page = this.center.page(link);
		Locale locale = RequestContextUtils.getLocale(request);
		model.addAttribute("branding", page.branding());
		model.addAttribute("page", page);
		model.addAttribute("token", token);
		model.addAttribute("pausedUntil", (page.pausedUntil() != null) ? date(page.pausedUntil(), locale) : null);
		model.addAttribute("pauseDays", List.of(30, 60, 90));
		model.addAttribute("saved", (saved != null && saved.matches("[a-z-]{1,30}")) ? saved : null);
		model.addAttribute("error", (error != null && error.matches("[a-z-]{1,30}")) ? error : null);
		model.addAttribute("expired", request.getParameter("expired") != null);
		return "recipient/preferences";
	}

	/**
	 * Saves every channel's category boxes at once: a box that is there and unticked is
	 * an opt-out. Only subscribed channels show boxes, so only theirs change.
	 */
	@PostMapping("/p/{token}/categories")
	String categories(@PathVariable String token, @RequestParam(name = "shown", required = false) List<String> shown,
			@RequestParam(name = "choice", required = false) List<String> ticked, HttpServletRequest request) {
		LinkToken link = verify(request, token, LinkToken.Kind.PREFERENCES);
		Set<String> on = new LinkedHashSet<>((ticked != null) ? ticked : List.of());
		for (String box : (shown != null) ? shown : List.<String>of()) {
			int colon = box.indexOf(':');
			if (colon < 1) {
				throw new InvalidInputException("choice", "Unknown choice");
			}
			Channel channel = Channel.fromKey(box.substring(0, colon));
			this.center.setCategory(link, client(request), channel, box.substring(colon + 1), on.contains(box));
		}
		return back(token, "saved=categories", request);
	}

	@PostMapping("/p/{token}/quiet-hours")
	String quietHours(@PathVariable String token, @RequestParam(required = false) @Nullable String start,
			@RequestParam(required = false) @Nullable String end,
			@RequestParam(required = false) @Nullable String clear, HttpServletRequest request) {
		LinkToken link = verify(request, token, LinkToken.Kind.PREFERENCES);
		QuietHours quiet = (clear != null) ? null : QuietHours.of(start, end);
		this.center.setQuietHours(link, client(request), quiet);
		return back(token, "saved=quiet-hours", request);
	}

	@PostMapping("/p/{token}/pause")
	String pause(@PathVariable String token, @RequestParam(required = false) @Nullable Integer days,
			HttpServletRequest request) {
		LinkToken link = verify(request, token, LinkToken.Kind.PREFERENCES);
		if (days == null) {
			throw new InvalidInputException("days", "Pick how long");
		}
		this.center.pause(link, client(request), days);
		return back(token, "saved=paused", request);
	}

	@PostMapping("/p/{token}/resume")
	String resume(@PathVariable String token, HttpServletRequest request) {
		LinkToken link = verify(request, token, LinkToken.Kind.PREFERENCES);
		this.center.resume(link, client(request));
		return back(token, "saved=resumed", request);
	}

	@PostMapping("/p/{token}/unsubscribe-all")
	String unsubscribeAll(@PathVariable String token, HttpServletRequest request) {
		LinkToken link = verify(request, token, LinkToken.Kind.PREFERENCES);
		this.center.unsubscribeAll(link, client(request));
		return back(token, "saved=unsubscribed-all", request);
	}

	/** Opts back in, with the exact sentence the recipient saw on the button's form. */
	@PostMapping("/p/{token}/resubscribe")
	String resubscribe(@PathVariable String token, @RequestParam String channel, HttpServletRequest request) {
		LinkToken link = verify(request, token, LinkToken.Kind.PREFERENCES);
		Channel chosen = Channel.fromKey(channel);
		Locale locale = RequestContextUtils.getLocale(request);
		String channelName = this.messages.getMessage("recipient.channel." + chosen.key(), null, locale);
		String wording = this.messages.getMessage("recipient.preferences.resubscribe-consent",
				new Object[] { channelName, this.center.branding(link).name() }, locale);
		this.center.resubscribe(link, client(request), chosen, wording);
		return back(token, "saved=resubscribed", request);
	}

	@ExceptionHandler(LinkRejectedException.class)
	ModelAndView rejected(LinkRejectedException ex, HttpServletRequest request) {
		log.info("Refused a preference link at {} {}: {}", request.getMethod(), prefix(request), ex.getMessage());
		boolean expired = ex.reason() == LinkRejectedException.Reason.EXPIRED;
		return problem(expired ? "expired" : "invalid", expired ? HttpStatus.GONE : HttpStatus.BAD_REQUEST);
	}

	@ExceptionHandler(NotFoundException.class)
	ModelAndView gone(NotFoundException ex, HttpServletRequest request) {
		log.info("A preference link for a contact that is gone at {} {}", request.getMethod(), prefix(request));
		return problem("gone", HttpStatus.GONE);
	}

	@ExceptionHandler(TooManyRequestsException.class)
	ModelAndView tooMany(TooManyRequestsException ex, HttpServletRequest request, HttpServletResponse response) {
		log.info("Rate-limited {} {}", request.getMethod(), prefix(request));
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, ex.retryAfter().toSeconds())));
		return problem("too-many", HttpStatus.TOO_MANY_REQUESTS);
	}

	/**
	 * A choice the page cannot have sent (tampered form): back to the page with a note.
	 */
	@ExceptionHandler(InvalidInputException.class)
	ModelAndView invalid(InvalidInputException ex, HttpServletRequest request) {
		String[] parts = request.getServletPath().split("/");
		if (parts.length >= 3 && "p".equals(parts[1]) && "POST".equals(request.getMethod())) {
			return new ModelAndView(back(parts[2], "error=invalid", request));
		}
		return problem("invalid", HttpStatus.BAD_REQUEST);
	}

	private LinkToken verify(HttpServletRequest request, String token, LinkToken.Kind kind) {
		this.limits.check(request.getRemoteAddr(), token);
		return this.links.verify(token, kind);
	}

	private String channelName(LinkToken link, HttpServletRequest request) {
		Channel channel = (link.channel() != null) ? link.channel() : Channel.EMAIL;
		return this.messages.getMessage("recipient.channel." + channel.key(), null,
				RequestContextUtils.getLocale(request));
	}

	private static ModelAndView problem(String kind, HttpStatus status) {
		ModelAndView page = new ModelAndView("recipient/problem");
		page.addObject("kind", kind);
		page.addObject("branding", new Branding("Herald", null, Branding.DEFAULT_ACCENT));
		page.setStatus(status);
		return page;
	}

	private static String back(String token, String query, HttpServletRequest request) {
		Locale chosen = RecipientLocales.chosen(request);
		return "redirect:/p/" + token + "?" + query + ((chosen != null) ? "&lang=" + chosen.getLanguage() : "");
	}

	private static PreferenceCenter.Client client(HttpServletRequest request) {
		return new PreferenceCenter.Client(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
	}

	private static String date(Instant instant, Locale locale) {
		return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
			.withLocale(locale)
			.format(instant.atZone(ZoneOffset.UTC));
	}

	/** The path without the token, for logs (the token is the recipient's key). */
	private static String prefix(HttpServletRequest request) {
		String path = request.getServletPath();
		return path.startsWith("/u/") ? "/u/…" : "/p/…";
	}

}
