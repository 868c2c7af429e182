package com.herald.web;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Absolute links that pages hand to people to pass on (they leave Herald's pages). */
public final class Links {

	private Links() {
	}

	/** The link that accepts an invitation; call it while serving a request. */
	public static String invitation(String token) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/invitations/{token}")
			.buildAndExpand(token)
			.toUriString();
	}

}
