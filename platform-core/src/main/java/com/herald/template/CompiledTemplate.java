package com.herald.template;

import org.jspecify.annotations.Nullable;

import liqp.Template;

/**
 * A parsed template, safe to render many times from several threads. A source without any
 * Liquid markup renders as itself without going through the engine.
 */
public final class CompiledTemplate {

	private final String source;

	private final @Nullable Template template;

	CompiledTemplate(String source, @Nullable Template template) {
		this.source = source;
		this.template = template;
	}

	public String source() {
		return this.source;
	}

	@Nullable Template template() {
		return this.template;
	}

}
