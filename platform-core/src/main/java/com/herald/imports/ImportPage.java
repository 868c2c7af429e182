package com.herald.imports;

import java.util.List;

/**
 * A page of import history, newest first.
 *
 * @param items this page's imports
 * @param page the page number, from 0
 * @param size the most items per page
 * @param totalItems imports on all pages
 */
public record ImportPage(List<ContactImport> items, int page, int size, long totalItems) {

	public static final int MAX_SIZE = 100;

	public int totalPages() {
		return (int) ((this.totalItems + this.size - 1) / this.size);
	}

}
