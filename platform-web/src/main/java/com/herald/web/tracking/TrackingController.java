package com.herald.web.tracking;

import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

import com.herald.email.tracking.EmailTracking;
import com.herald.email.tracking.TooManyTrackingRequestsException;

/**
 * The public tracking endpoints of SMTP email (no sign-in: the signed token is the only
 * authority): the open pixel and the click redirect, which goes only to the URL signed
 * into the link.
 */
@Controller
class TrackingController {

	/** A transparent 1x1 GIF. */
	private static final byte[] PIXEL = Base64.getDecoder()
		.decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

	private final EmailTracking tracking;

	TrackingController(EmailTracking tracking) {
		this.tracking = tracking;
	}

	@GetMapping("/t/o/{token}")
	@ResponseBody
	ResponseEntity<byte[]> open(@PathVariable String token, HttpServletRequest request) {
		if (!this.tracking.open(token, request.getRemoteAddr())) {
			return ResponseEntity.notFound().build();
		}
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_GIF)
			.cacheControl(CacheControl.noStore())
			.header("Referrer-Policy", "no-referrer")
			.body(PIXEL);
	}

	@GetMapping("/t/c/{token}")
	ResponseEntity<String> click(@PathVariable String token, HttpServletRequest request) {
		return this.tracking.click(token, request.getRemoteAddr())
			.map((target) -> ResponseEntity.status(HttpStatus.FOUND)
				.location(target)
				.cacheControl(CacheControl.noStore())
				.header("Referrer-Policy", "no-referrer")
				.<String>build())
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.TEXT_HTML)
				.body("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Link not valid</title>"
						+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
						+ "<main><h1>This link is not valid</h1><p>The link may have been cut off or changed. "
						+ "Open it again from the email.</p></main></body></html>"));
	}

	@ExceptionHandler(TooManyTrackingRequestsException.class)
	ResponseEntity<String> tooMany() {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header("Retry-After", "60")
			.contentType(MediaType.TEXT_PLAIN)
			.body("Too many requests");
	}

}
