package com.herald.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import com.herald.tenancy.InvalidInputException;

/**
 * One page of a list, as every list endpoint answers it.
 *
 * @param <T> the kind of item
 * @param items this page's items
 * @param page this page's number, from 0
 * @param size the most items a page holds
 * @param totalItems how many items all pages hold
 * @param totalPages how many pages there are
 */
public record ApiPage<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

	/** The largest page a caller may ask for. */
	public static final int MAX_SIZE = 100;

	public static <S, T> ApiPage<T> of(Page<S> page, Function<S, T> mapper) {
		return new ApiPage<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
				page.getTotalElements(), page.getTotalPages());
	}

	/** The page a caller asked for, checked, in a stable order. */
	public static Pageable request(int page, int size, Sort sort) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (page < 0) {
			errors.put("page", "Use 0 or more");
		}
		if (size < 1 || size > MAX_SIZE) {
			errors.put("size", "Use 1 to " + MAX_SIZE);
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return PageRequest.of(page, size, sort.and(Sort.by("id")));
	}

}
