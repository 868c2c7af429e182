package com.herald.template;

/**
 * The real {@link EmailComposer} without a Spring context, for benchmarks that run as a
 * plain {@code main}. Benchmarks only: it lives in the bench jar.
 */
public final class BenchEmails {

	private BenchEmails() {
	}

	public static EmailComposer composer() {
		return new EmailComposer(new MessageRenderer());
	}

}
