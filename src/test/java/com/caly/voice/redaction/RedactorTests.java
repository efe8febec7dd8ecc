package com.caly.voice.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTests {

    /** What a caller or the agent says, and what may be kept of it. */
    static Stream<Arguments> secrets() {
        return Stream.of(
                // cards: Luhn-checked, 13 to 19 digits
                redacts("My card number is 4111 1111 1111 1111", "My card number is [card]"),
                redacts("4111-1111-1111-1111", "[card]"),
                redacts("card 4111111111111111 expiry 12 28", "card [card] expiry 12 28"),
                redacts("Amex 3782 822463 10005", "Amex [card]"),
                redacts("it is 5555 5555 5555 4444, the cvv is 123", "it is [card], the cvv is 123"),
                redacts("4111 1111 1111 1111 123", "[card] 123"),
                redacts(
                        "my card is four five three two zero one five one one two eight three zero three six six",
                        "my card is [card]"),
                redacts(
                        "card number four one one one, one one one one, one one one one, one one one one",
                        "card number [card]"),
                redacts("चार एक एक एक एक एक एक एक एक एक एक एक एक एक एक एक", "[card]"),
                redacts("कार्ड नंबर ४१११ ११११ ११११ ११११ है", "कार्ड नंबर [card] है"),
                redacts("6011 1111 1111 1117 is the one", "[card] is the one"),
                redacts("four five three two, zero one five one, one two eight three, zero three double six", "[card]"),
                // Aadhaar: 12 digits, Verhoeff-checked, never starting with 0 or 1
                redacts("my aadhaar is 2341 2341 2346", "my aadhaar is [aadhaar]"),
                redacts("आधार नंबर 2341 2341 2346 है", "आधार नंबर [aadhaar] है"),
                redacts("4987 6543 2102", "[aadhaar]"),
                redacts("two three four one two three four one two three four six", "[aadhaar]"),
                redacts("do teen char ek do teen char ek do teen char chhe", "[aadhaar]"),
                redacts("दो तीन चार एक दो तीन चार एक दो तीन चार छह", "[aadhaar]"),
                // PAN and IFSC
                redacts("my PAN is ABCPE1234F", "my PAN is [pan]"),
                redacts("pan card abcpe1234f", "pan card [pan]"),
                redacts("it is A B C P E 1 2 3 4 F", "it is [pan]"),
                redacts("ABCPE one two three four F", "[pan]"),
                redacts("IFSC HDFC0001234 please", "IFSC [ifsc] please"),
                redacts("S B I N 0 0 0 1 2 3 4", "[ifsc]"),
                redacts("ifsc code is SBIN zero zero zero one two three four", "ifsc code is [ifsc]"),
                // bank accounts: only after a word that says so
                redacts("account number 123456789012", "account number [account]"),
                redacts("my a/c no is 50100123456789", "my a/c no is [account]"),
                redacts("khata number 0012 3456 789", "khata number [account]"),
                redacts("मेरा खाता संख्या 123456789 है", "मेरा खाता संख्या [account] है"),
                redacts(
                        "savings account, it is one two three four five six seven eight nine",
                        "savings account, it is [account]"),
                // phone numbers
                redacts("call me on 9845012345", "call me on [phone]"),
                redacts("+91 98450 12345", "[phone]"),
                redacts("098450 12345", "[phone]"),
                redacts("919845012345", "[phone]"),
                redacts("plus nine one nine eight four five zero one two three four five", "[phone]"),
                redacts("nine eight four five zero one two three four five", "[phone]"),
                redacts("double nine eight four five zero one two three four", "[phone]"),
                redacts("ninety eight forty five zero one two three four five", "[phone]"),
                redacts("मेरा नंबर नौ आठ चार पांच शून्य एक दो तीन चार पांच है", "मेरा नंबर [phone] है"),
                redacts("नौ आठ चार पाँच शून्य एक दो तीन चार पाँच", "[phone]"),
                redacts("nau aath char paanch shoonya ek do teen char paanch", "[phone]"),
                redacts("नाइन एट फोर फाइव ज़ीरो वन टू थ्री फोर फाइव", "[phone]"),
                redacts("the one 9845012345", "the one [phone]"),
                redacts("Mobile: 98450-12345.", "Mobile: [phone]."),
                redacts("9845012345 9845012346", "[phone] [phone]"),
                redacts("my order 12345 and my number is 9876543210", "my order 12345 and my number is [phone]"),
                // e-mail addresses
                redacts("write to rahul.sharma@example.com today", "write to [email] today"),
                redacts("rahul dot sharma at gmail dot com", "[email]"),
                redacts("priya123 at the rate yahoo dot co dot in", "[email]"),
                redacts("my email is RAHUL at GMAIL dot COM", "my email is [email]"),
                // several at once
                redacts(
                        "card 4111 1111 1111 1111 and phone 9845012345, mail a.b@c.in",
                        "card [card] and phone [phone], mail [email]"));
    }

    /** What must be kept as it is. */
    static Stream<Arguments> notSecrets() {
        return Stream.of(
                        "Where is my order 12345?",
                        "my order number is 9876543210",
                        "order 4111 1111 1111 1111",
                        "invoice 98450123456",
                        "tracking number 123456789012",
                        "The price is rupees four hundred",
                        "it costs rupees 9999",
                        "I paid 4500 rupees on 12/05/2024",
                        "date 12-05-2024",
                        "at 10:30 tomorrow",
                        "pincode 560001",
                        "my pin code is 110 001",
                        "OTP is 845012",
                        "4111 1111 1111 1112",
                        "my aadhaar is 2341 2341 2341",
                        "4987 6543 2101",
                        "1234 5678 9012",
                        "5000000000",
                        "The control panel is broken",
                        "Pandey ji, I want to return it",
                        "the PANEL 1234 model",
                        "HDFC bank branch",
                        "call me at five",
                        "I need two or three items",
                        "one two three",
                        "ek do teen",
                        "twenty twenty four",
                        "account balance is 5000",
                        "visit us at caly dot in",
                        "my phone is broken",
                        "5 items for 250 each",
                        "Flat 402, sector 62, Noida 201301",
                        "the year 1998 and 2004",
                        "double room for two nights",
                        "I ordered 3 shirts and 2 trousers",
                        "call 100 or 112",
                        "मेरा ऑर्डर 12345 कहाँ है",
                        "चार सौ रुपये",
                        "What time do you open?")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void redactsWhatIdentifiesAPersonOrPaysForSomething(String said, String kept) {
        assertThat(Redactor.redact(said).text()).isEqualTo(kept);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notSecrets")
    void keepsOrderNumbersAmountsDatesAndOrdinaryWords(String said) {
        Redaction redaction = Redactor.redact(said);
        assertThat(redaction.text()).isEqualTo(said);
        assertThat(redaction.any()).isFalse();
    }

    @Test
    void tablesHoldEnoughCases() {
        assertThat(secrets().count()).isGreaterThanOrEqualTo(40);
        assertThat(notSecrets().count()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void givesEachSpanItsCategoryAndOffsetsInTheOriginalAndCountsThem() {
        String said = "card 4111 1111 1111 1111, call +91 98450 12345 or 9845012346";
        Redaction redaction = Redactor.redact(said);

        assertThat(redaction.spans())
                .containsExactly(
                        new Span(Category.CARD, 5, 24),
                        new Span(Category.PHONE, 31, 46),
                        new Span(Category.PHONE, 50, 60));
        assertThat(said.substring(31, 46)).isEqualTo("+91 98450 12345");
        assertThat(redaction.counts()).isEqualTo(Map.of("card", 1, "phone", 2));
        assertThat(redaction.text()).isEqualTo("card [card], call [phone] or [phone]");
    }

    @Test
    void leavesALineWithoutSecretsUntouched() {
        Redaction redaction = Redactor.redact("Where is my order 12345?");
        assertThat(redaction.spans()).isEqualTo(List.of());
        assertThat(redaction.counts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a dot ", "dot ", "1 ", "one ", "x at y dot ", "A-", "a.b@c"})
    void getsThroughLongRepetitiveLinesWithoutRunningOutOfStackOrTime(String piece) {
        String line = piece.repeat(20_000 / piece.length());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Redactor.redact(line));
    }

    @Test
    void findsEveryNumberOfALongLine() {
        Redaction redaction = Redactor.redact("call 9845012345, ".repeat(500));
        assertThat(redaction.counts()).isEqualTo(Map.of("phone", 500));
    }

    private static Arguments redacts(String said, String kept) {
        return Arguments.of(said, kept);
    }
}
