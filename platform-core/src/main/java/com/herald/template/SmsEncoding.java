package com.herald.template;

/**
 * How an SMS body travels: GSM 03.38 7-bit (160 septets in one message, 153 per part of a
 * longer one) or UCS-2 (70 UTF-16 code units, 67 per part).
 */
public enum SmsEncoding {

	GSM_7(160, 153), UCS_2(70, 67);

	private final int single;

	private final int perPart;

	SmsEncoding(int single, int perPart) {
		this.single = single;
		this.perPart = perPart;
	}

	/** Units (septets or code units) that fit in a one-part message. */
	public int single() {
		return this.single;
	}

	/**
	 * Units per part of a concatenated message (the rest of the 140 bytes carries the
	 * part header).
	 */
	public int perPart() {
		return this.perPart;
	}

	/** The name people know it by: {@code GSM-7} or {@code UCS-2}. */
	public String label() {
		return (this == GSM_7) ? "GSM-7" : "UCS-2";
	}

}
