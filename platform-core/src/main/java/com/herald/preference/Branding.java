package com.herald.preference;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;

/**
 * How a tenant's public pages look to its recipients.
 *
 * @param name the name recipients know the sender by
 * @param logoUrl an https URL of the logo, if any
 * @param accentColor {@code #rrggbb}, used for the header band and buttons
 */
public record Branding(String name, @Nullable String logoUrl, String accentColor) {

	/** Herald's own accent, for tenants that set none. */
	public static final String DEFAULT_ACCENT = "#1d4ed8";

	private static final Pattern COLOR = Pattern.compile("^#[0-9a-f]{6}$");

	public Branding {
		accentColor = accentColor.strip().toLowerCase(Locale.ROOT);
		if (!COLOR.matcher(accentColor).matches()) {
			throw new InvalidInputException("accentColor", "Use a colour like #1d4ed8");
		}
	}

	/**
	 * Black or white, whichever contrasts more with the accent: at least 4.5:1 for any
	 * accent (WCAG AA for text), so a tenant cannot pick an unreadable button.
	 */
	public String accentTextColor() {
		double accent = luminance(this.accentColor);
		double withWhite = 1.05 / (accent + 0.05);
		double withBlack = (accent + 0.05) / 0.05;
		return (withWhite >= withBlack) ? "#ffffff" : "#000000";
	}

	/** WCAG relative luminance of {@code #rrggbb}. */
	static double luminance(String color) {
		double[] channels = new double[3];
		for (int i = 0; i < 3; i++) {
			double value = Integer.parseInt(color.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
			channels[i] = (value <= 0.03928) ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
		}
		return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
	}

}
