package com.herald.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Page-based paging as the pages show it ({@code fragments/table.html ::
 * pagination}): one-based page numbers in the {@code ?page=} parameter, and links that
 * keep the rest of the query (a search, a filter).
 *
 * @param number the page shown, from 1
 * @param totalPages how many pages there are (at least 1)
 * @param totalElements how many rows in all
 * @param previousUrl the previous page, if any
 * @param nextUrl the next page, if any
 */
public record Paging(int number, int totalPages, long totalElements, @Nullable String previousUrl,
		@Nullable String nextUrl) {

	/** Rows per page on every list. */
	public static final int SIZE = 20;

	/** The page to load for a one-based {@code ?page=} value (bad values mean page 1). */
	public static Pageable request(int page, Sort sort) {
		return PageRequest.of(Math.max(page, 1) - 1, SIZE, sort);
	}

	public static Paging of(Page<?> page, HttpServletRequest request) {
		return of(page, request, "page");
	}

	public static Paging of(Page<?> page, HttpServletRequest request, String parameter) {
		int number = page.getNumber() + 1;
		int totalPages = Math.max(page.getTotalPages(), 1);
		String previous = (page.getNumber() > 0) ? link(request, parameter, Math.min(number - 1, totalPages)) : null;
		String next = page.hasNext() ? link(request, parameter, number + 1) : null;
		return new Paging(number, totalPages, page.getTotalElements(), previous, next);
	}

	private static String link(HttpServletRequest request, String parameter, int number) {
		String query = request.getQueryString();
		String current = request.getRequestURI() + ((query != null) ? "?" + query : "");
		return UriComponentsBuilder.fromUriString(current).replaceQueryParam(parameter, number).build().toUriString();
	}

}
