package com.herald.api;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.herald.security.ApiAuthentication;
import com.herald.security.HeraldAuthentication;
import com.herald.security.HeraldPrincipal;
import com.herald.broadcast.BroadcastStateException;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;

/**
 * The API's errors as RFC 9457 problem documents. Invalid input is 400 with an
 * {@code errors} member (field → message), a duplicate 409, another tenant's or a missing
 * id 404, a role or store that does not allow the call 403. The services roll back before
 * any of these reach here, so nothing is half-written.
 */
@RestControllerAdvice(basePackages = "com.herald.api")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidInputException.class)
	ResponseEntity<ProblemDetail> invalidInput(InvalidInputException ex, HttpServletRequest request) {
		boolean duplicate = ex instanceof DuplicateException;
		ProblemDetail problem = problem(duplicate ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
				duplicate ? "Already exists" : "Invalid input", ex.getMessage(), request);
		problem.setProperty("errors", new TreeMap<>(ex.getFieldErrors()));
		return respond(problem);
	}

	@ExceptionHandler(BroadcastStateException.class)
	ResponseEntity<ProblemDetail> broadcastState(BroadcastStateException ex, HttpServletRequest request) {
		return respond(problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage(), request));
	}

	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<ProblemDetail> notFound(NotFoundException ex, HttpServletRequest request) {
		return respond(problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage(), request));
	}

	@ExceptionHandler(PermissionDeniedException.class)
	ResponseEntity<ProblemDetail> permissionDenied(PermissionDeniedException ex, HttpServletRequest request) {
		return respond(problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage(), request));
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException ex, HttpServletRequest request) {
		return respond(problem(HttpStatus.FORBIDDEN, "Forbidden", accessDeniedDetail(), request));
	}

	@ExceptionHandler(OptimisticLockingFailureException.class)
	ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException ex, HttpServletRequest request) {
		return respond(problem(HttpStatus.CONFLICT, "Conflict",
				"Someone else changed this at the same time; fetch it again and retry", request));
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex, HttpServletRequest request) {
		log.info("Request {} broke a database constraint: {}", request.getRequestURI(),
				ex.getMostSpecificCause().getMessage());
		return respond(problem(HttpStatus.CONFLICT, "Conflict",
				"This conflicts with existing data (probably a duplicate made at the same time)", request));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException argument) ? argument.getName()
				: String.valueOf(ex.getPropertyName());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The value of " + name + " is not valid");
		problem.setTitle("Invalid input");
		problem.setProperty("errors", Map.of(name, "Not a valid value: " + ex.getValue()));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				"The request body is missing or is not the JSON this endpoint takes");
		problem.setTitle("Invalid input");
		if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
			problem.setProperty("errors", Map.of(json.getPathReference(), "Not a valid value here"));
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		log.error("Unexpected error answering {} {}", request.getMethod(), request.getRequestURI(), ex);
		return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
				"Something went wrong on our side; nothing was changed", request));
	}

	/**
	 * A hint for the commonest cause: someone who works for several tenants did not say
	 * which.
	 */
	private static String accessDeniedDetail() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof HeraldAuthentication herald) {
			HeraldPrincipal principal = herald.getPrincipal();
			if (principal.active() == null && principal.memberships().size() > 1) {
				return "Choose the tenant to work for with the " + ApiAuthentication.TENANT_HEADER
						+ " header (its slug or id)";
			}
		}
		return "Your role does not allow this";
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setInstance(URI.create(request.getRequestURI()));
		return problem;
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
