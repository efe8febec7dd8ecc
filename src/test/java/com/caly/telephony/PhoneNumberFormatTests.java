package com.caly.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumberFormatTests {

    private final PhoneNumberFormat india = new PhoneNumberFormat("91");

    @Test
    void understandsTheWaysIndianNumbersAreWritten() {
        assertThat(india.toE164("+91 98450 12345")).hasValue("+919845012345");
        assertThat(india.toE164("098450-12345")).hasValue("+919845012345");
        assertThat(india.toE164("9845012345")).hasValue("+919845012345");
        assertThat(india.toE164("919845012345")).hasValue("+919845012345");
        assertThat(india.toE164("080 4123 4567")).hasValue("+918041234567");
        assertThat(india.toE164("(080) 4123.4567")).hasValue("+918041234567");
        assertThat(india.toE164("0091 98450 12345")).hasValue("+919845012345");
    }

    @Test
    void keepsOtherCountriesWhenWrittenInternationally() {
        assertThat(india.toE164("+1 (415) 555-0123")).hasValue("+14155550123");
        assertThat(india.toE164("0044 20 7946 0958")).hasValue("+442079460958");
    }

    @Test
    void refusesWhatIsNotAPhoneNumber() {
        assertThat(india.toE164("")).isEmpty();
        assertThat(india.toE164("call me")).isEmpty();
        assertThat(india.toE164("12345")).isEmpty();
        assertThat(india.toE164("98+4501234")).isEmpty();
        assertThat(india.toE164("+0123456789")).isEmpty();
        assertThat(india.toE164("+1234567890123456")).isEmpty();
    }
}
