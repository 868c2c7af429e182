package com.herald.tenancy;

/**
 * Nothing of that kind with that id exists for the caller. Also what another tenant's id
 * gives: row-level security hides the row, so "not yours" and "not there" look the same
 * and reveal nothing.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String what, Object id) {
		super(what + " " + id + " not found");
	}

}
