package com.herald.contact;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.herald.tenancy.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneNumbersTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			(201) 555-0123       | US | +12015550123
			201.555.0123         | US | +12015550123
			  +1 212 555 0100    | ES | +12125550100
			+1-415-555-2671      | GB | +14155552671
			612 34 56 78         | ES | +34612345678
			+34 612 345 678      | US | +34612345678
			0034 612 345 678     | ES | +34612345678
			07400 123456         | GB | +447400123456
			+44 20 7946 0958     | US | +442079460958
			020 7946 0958        | GB | +442079460958
			020 7946 0958        | gb | +442079460958
			""")
	void normalisesToE164InTheDefaultRegion(String input, String region, String expected) {
		assertThat(PhoneNumbers.toE164(input, region)).isEqualTo(expected);
	}

	@Test
	void readsANationalNumberInTheRegionGivenNotAnother() {
		// the same digits are a Madrid number in Spain and an invalid one in the US
		assertThat(PhoneNumbers.toE164("912 345 678", "ES")).isEqualTo("+34912345678");
		assertThatThrownBy(() -> PhoneNumbers.toE164("912 345 678", "US")).isInstanceOf(InvalidInputException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "12345", "555-0100", "+1 000 000 0000", "+999 1234567", "phone", "1-800-FLOWERS",
			"+1 201 555 0123 ext. 4", "++12015550123", "+1 201 555 0123 0000000000000000000000000000000000000000" })
	void refusesInvalidNumbers(String input) {
		assertThatThrownBy(() -> PhoneNumbers.toE164(input, "US")).isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsKey("phone"));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   ", "\t" })
	void refusesMissingNumbers(String input) {
		assertThatThrownBy(() -> PhoneNumbers.toE164(input, "US")).isInstanceOf(InvalidInputException.class)
			.hasMessage("Enter a phone number");
	}

	@Test
	void needsACountryCodeWithoutAUsableDefaultRegion() {
		assertThat(PhoneNumbers.toE164("+34 612 345 678", null)).isEqualTo("+34612345678");
		assertThat(PhoneNumbers.toE164("+34 612 345 678", "XX")).isEqualTo("+34612345678");
		assertThatThrownBy(() -> PhoneNumbers.toE164("612 345 678", null)).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("country code");
	}

	@Test
	void namesTheFieldItWasGiven() {
		assertThatThrownBy(() -> PhoneNumbers.toE164("address", "nope", "US")).isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsOnlyKeys("address"));
	}

	@Test
	void findsTheTimeZoneOnlyWhenTheAreaHasOne() {
		assertThat(PhoneNumbers.timeZone("+12125550100")).contains(ZoneId.of("America/New_York"));
		assertThat(PhoneNumbers.timeZone("+14155552671")).contains(ZoneId.of("America/Los_Angeles"));
		assertThat(PhoneNumbers.timeZone("+442079460958")).contains(ZoneId.of("Europe/London"));
		// a Spanish mobile may be on the Canary Islands: two zones, so none is chosen
		assertThat(PhoneNumbers.timeZone("+34612345678")).isEmpty();
		assertThat(PhoneNumbers.timeZones("+34612345678")).contains(ZoneId.of("Europe/Madrid"),
				ZoneId.of("Atlantic/Canary"));
		// toll-free numbers are in no particular zone
		assertThat(PhoneNumbers.timeZone("+18005550199")).isEmpty();
		assertThat(PhoneNumbers.timeZones("not a number")).isEmpty();
	}

	@Test
	void knowsTheRegionOfANumber() {
		assertThat(PhoneNumbers.region("+34612345678")).contains("ES");
		assertThat(PhoneNumbers.region("+12015550123")).contains("US");
		assertThat(PhoneNumbers.region("garbage")).isEmpty();
	}

}
