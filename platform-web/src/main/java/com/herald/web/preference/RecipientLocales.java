package com.herald.web.preference;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The languages of the public pages: English and Spanish, from {@code Accept-Language},
 * or from the page's language switch ({@code ?lang=es}, kept through forms). The
 * signed-in pages are English only, so elsewhere the header alone decides and finds
 * English.
 */
@Configuration(proxyBeanMethods = false)
class RecipientLocales {

	static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("es"));

	@Bean
	LocaleResolver localeResolver() {
		AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver() {

			@Override
			public Locale resolveLocale(HttpServletRequest request) {
				Locale chosen = chosen(request);
				return (chosen != null) ? chosen : super.resolveLocale(request);
			}

		};
		resolver.setSupportedLocales(SUPPORTED);
		resolver.setDefaultLocale(Locale.ENGLISH);
		return resolver;
	}

	/** The language picked with the switch, on the public pages only. */
	static @Nullable Locale chosen(HttpServletRequest request) {
		String path = request.getServletPath();
		if (!path.startsWith("/u/") && !path.startsWith("/p/")) {
			return null;
		}
		String lang = request.getParameter("lang");
		return SUPPORTED.stream().filter((locale) -> locale.getLanguage().equals(lang)).findFirst().orElse(null);
	}

}
