package com.herald.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.view.RedirectView;

import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;

/**
 * Turns what the services refuse into pages a person understands: 403 when the role or
 * the stores do not allow it, 404 when nothing is there (or it belongs to another
 * tenant), and a message on the previous page for a refused action. Never a stack trace.
 * It comes before Boot's problem-details handler, which would answer pages with JSON.
 */
@ControllerAdvice(basePackages = "com.herald.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebErrorHandling {

	private static final Logger log = LoggerFactory.getLogger(WebErrorHandling.class);

	@ExceptionHandler({ PermissionDeniedException.class, AccessDeniedException.class })
	ModelAndView forbidden(RuntimeException ex, HttpServletRequest request) {
		log.info("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
		return page("error/403", HttpStatus.FORBIDDEN);
	}

	@ExceptionHandler({ NotFoundException.class, MethodArgumentTypeMismatchException.class })
	ModelAndView notFound(RuntimeException ex, HttpServletRequest request) {
		log.debug("Nothing at {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
		return page("error/404", HttpStatus.NOT_FOUND);
	}

	/**
	 * An action button the service refused (revoking an accepted invitation, removing the
	 * last tenant admin) where no form can show the message beside a field: back to the
	 * page the person came from, with the reason.
	 */
	@ExceptionHandler(InvalidInputException.class)
	ModelAndView refused(InvalidInputException ex, HttpServletRequest request) {
		String back = sameSitePath(request);
		if (!"POST".equals(request.getMethod()) || back == null) {
			ModelAndView page = page("error/4xx", HttpStatus.BAD_REQUEST);
			page.addObject("message", ex.getMessage());
			return page;
		}
		RequestContextUtils.getOutputFlashMap(request).put("flashError", ex.getMessage());
		RedirectView redirect = new RedirectView(back, false);
		redirect.setExposeModelAttributes(false);
		return new ModelAndView(redirect);
	}

	private static ModelAndView page(String view, HttpStatus status) {
		ModelAndView page = new ModelAndView(view);
		page.setStatus(status);
		return page;
	}

	/** The referring page's path, when it is one of Herald's own pages. */
	private static @Nullable String sameSitePath(HttpServletRequest request) {
		String referer = request.getHeader("Referer");
		if (referer == null) {
			return null;
		}
		try {
			java.net.URI uri = java.net.URI.create(referer);
			if (uri.getHost() != null && !uri.getHost().equalsIgnoreCase(request.getServerName())) {
				return null;
			}
			String path = uri.getRawPath();
			if (path == null || !path.startsWith("/") || path.startsWith("//")) {
				return null;
			}
			return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
