package com.herald.broadcast;

import java.util.ArrayList;
import java.util.List;

/**
 * What a dead-letter retry did.
 *
 * @param requeued back in the queue
 * @param notRetried chosen but left failed, for any of the reasons below or because the
 * broadcast was cancelled or it was no longer a dead letter
 * @param fellBack of those, left failed because the recipient already got the message on
 * a later channel (a fallback): a retry would send it twice
 * @param suppressed of those, left failed because the address is suppressed now
 */
public record RetryResult(int requeued, int notRetried, int fellBack, int suppressed) {

	/** Why some were not retried, in words, or empty when all were. */
	public String whyNotRetried() {
		if (this.notRetried == 0) {
			return "";
		}
		int other = this.notRetried - this.fellBack - this.suppressed;
		List<String> reasons = new ArrayList<>();
		if (this.fellBack > 0) {
			reasons.add(this.fellBack + " already went out on a later channel (fallback)");
		}
		if (this.suppressed > 0) {
			reasons.add(this.suppressed + " to a suppressed address");
		}
		if (other > 0) {
			reasons.add(other + " of a cancelled broadcast or no longer failed");
		}
		return this.notRetried + " not retried: " + String.join("; ", reasons) + ".";
	}

}
