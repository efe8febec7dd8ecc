package com.caly.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.HandoffBriefWriter.Line;
import com.caly.calls.HandoffBriefWriter.ToolAction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HandoffBriefTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant AT = Instant.parse("2026-11-02T10:03:00Z");

    private static Line caller(String text) {
        return new Line("caller", text);
    }

    private static Line agent(String text) {
        return new Line("agent", text);
    }

    private static ToolAction action(String tool, String status, String arguments, String result) {
        return new ToolAction(tool, status, json(arguments), json(result));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static HandoffBrief brief(
            List<Line> lines, List<ToolAction> actions, List<HandoffBrief.ReturnFiled> returns) {
        return HandoffBriefWriter.write(lines, actions, returns, "caller asked for a person", "normal", AT, 42);
    }

    @Test
    void anEnglishOrderCallNamesTheLookupTheIntentAndTheCallersWords() {
        HandoffBrief brief = brief(
                List.of(
                        agent("Hello, thanks for calling Acme. How can I help?"),
                        caller("Where is my order 12345?"),
                        agent("Here is what I found: your order 12345 has shipped and should reach you on 3 December."),
                        caller("ok"),
                        caller("Please connect me to a person.")),
                List.of(
                        action(
                                "lookup_order",
                                "ok",
                                "{\"order_id\":\"12345\"}",
                                "{\"order_id\":\"12345\",\"status\":\"shipped\",\"expected_delivery\":\"2026-12-03\"}"),
                        action(
                                "escalate_to_human",
                                "ok",
                                "{\"reason\":\"caller asked for a person\"}",
                                "{\"status\":\"handing_off\"}")),
                List.of());

        assertThat(brief.intent()).isEqualTo("order status");
        assertThat(brief.summary())
                .isEqualTo("The caller said: \"Where is my order 12345?\" \"Please connect me to a person.\""
                        + " The agent last said: \"Here is what I found: your order 12345 has shipped and should"
                        + " reach you on 3 December.\"");
        assertThat(brief.actionsTaken())
                .containsExactly(new HandoffBrief.ActionTaken(
                        "lookup_order", "looked up order 12345: shipped, expected 2026-12-03"));
        assertThat(brief.reason()).isEqualTo("caller asked for a person");
        assertThat(brief.urgency()).isEqualTo("normal");
        assertThat(brief.preparedAt()).isEqualTo(AT);
        assertThat(brief.preparedInMs()).isEqualTo(42);
    }

    @Test
    void aHinglishReturnCallIsAReturnRequestWithTheReturnFiled() {
        HandoffBrief.ReturnFiled filed = new HandoffBrief.ReturnFiled("r-1", "A778", "refund", "requested");
        HandoffBrief brief = brief(
                List.of(
                        agent("Namaste, Acme mein aapka swagat hai."),
                        caller("haan ji"),
                        caller("Mera order A778 kharab nikla, mujhe paise wapas chahiye"),
                        agent("Maine aapka refund request file kar diya hai."),
                        caller("theek hai, par mujhe kisi se baat karni hai")),
                List.of(action(
                        "create_return_request",
                        "ok",
                        "{\"order_id\":\"A778\",\"items\":[\"kurta\"],\"reason\":\"kharab nikla\",\"kind\":\"refund\"}",
                        "{\"status\":\"requested\",\"request_id\":\"r-1\"}")),
                List.of(filed));

        assertThat(brief.intent()).isEqualTo("return request");
        assertThat(brief.summary())
                .startsWith("The caller said: \"Mera order A778 kharab nikla, mujhe paise wapas chahiye\""
                        + " \"theek hai, par mujhe kisi se baat karni hai\"")
                .doesNotContain("haan ji")
                .endsWith("The agent last said: \"Maine aapka refund request file kar diya hai.\"");
        assertThat(brief.actionsTaken())
                .extracting(HandoffBrief.ActionTaken::summary)
                .containsExactly("filed a refund request for order A778: kharab nikla");
        assertThat(brief.returnsFiled()).containsExactly(filed);
    }

    @Test
    void aHinglishDeliveryQuestionIsAnOrderStatusEvenBeforeAnyLookup() {
        HandoffBrief brief = brief(
                List.of(caller("Bhaiya mera parcel kab aayega? Teen din ho gaye"), caller("kisi insaan se baat karao")),
                List.of(),
                List.of());
        assertThat(brief.intent()).isEqualTo("order status");
    }

    @Test
    void devanagariWordsAreReadToo() {
        assertThat(HandoffBriefWriter.intent(List.of("मेरा ऑर्डर कहाँ है?"), List.of()))
                .isEqualTo("order status");
        assertThat(HandoffBriefWriter.intent(List.of("मुझे पैसे वापस चाहिए"), List.of()))
                .isEqualTo("return request");
    }

    @Test
    void askingForAPersonIsTheIntentOnlyWhenNothingElseWasAsked() {
        assertThat(HandoffBriefWriter.intent(List.of("I want to talk to a real person"), List.of()))
                .isEqualTo("speak to a person");
        assertThat(HandoffBriefWriter.intent(List.of("hello?"), List.of())).isEqualTo("general enquiry");
        assertThat(HandoffBriefWriter.intent(
                        List.of("I was charged twice for my payment, get me a manager"), List.of()))
                .isEqualTo("payment issue");
    }

    @Test
    void theToolsTheAgentRanOutweighOneStrayKeyword() {
        ToolAction lookup = action("lookup_order", "ok", "{\"phone\":\"+919800000001\"}", "{\"status\":\"packed\"}");
        assertThat(HandoffBriefWriter.intent(List.of("what time does it open?"), List.of(lookup)))
                .isEqualTo("order status");
        assertThat(HandoffBriefWriter.describe(lookup)).isEqualTo("looked up the orders of the caller's phone: packed");
    }

    @Test
    void failedLookupsAndUnknownOrdersAreSaidAsSuch() {
        assertThat(HandoffBriefWriter.describe(action(
                        "lookup_order", "timeout", "{\"order_id\":\"9\"}", "{\"error\":\"lookup_unavailable\"}")))
                .isEqualTo("could not look up order 9 (the order system did not answer)");
        assertThat(HandoffBriefWriter.describe(
                        action("lookup_order", "ok", "{\"order_id\":\"9\"}", "{\"error\":\"order_not_found\"}")))
                .isEqualTo("looked up order 9: not found");
        assertThat(HandoffBriefWriter.describe(action("end_call", "ok", "{\"reason\":\"bye\"}", "{}")))
                .isNull();
    }

    @Test
    void aCallWithNoWordsYetSaysSo() {
        HandoffBrief brief = brief(List.of(agent("Hello, how can I help?")), List.of(), List.of());
        assertThat(brief.summary())
                .isEqualTo("No words from the caller were transcribed before the hand-off."
                        + " The agent last said: \"Hello, how can I help?\"");
        assertThat(brief.intent()).isEqualTo("general enquiry");
        assertThat(brief.actionsTaken()).isEmpty();
    }

    @Test
    void keepsTheLastThreeSubstantiveCallerLinesEachCutToItsLength() {
        String longLine = "My order ".repeat(40);
        HandoffBrief brief = brief(
                List.of(caller("first question"), caller("second"), caller("third one"), caller(longLine)),
                List.of(),
                List.of());
        assertThat(brief.summary()).doesNotContain("first question").contains("\"second\" \"third one\"");
        assertThat(brief.summary()).contains("…\"");
        assertThat(brief.summary().length()).isLessThanOrEqualTo(HandoffBriefWriter.SUMMARY_CHARS);
    }

    @Test
    void fillerLinesAreNotSubstantive() {
        assertThat(HandoffBriefWriter.substantive("haan")).isFalse();
        assertThat(HandoffBriefWriter.substantive("theek hai.")).isFalse();
        assertThat(HandoffBriefWriter.substantive("Okay, thank you!")).isFalse();
        assertThat(HandoffBriefWriter.substantive("हाँ जी")).isFalse();
        assertThat(HandoffBriefWriter.substantive("haan, order 12345")).isTrue();
    }

    @Test
    void keepsTheLatestEightActions() {
        List<ToolAction> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            many.add(action("lookup_order", "ok", "{\"order_id\":\"" + i + "\"}", "{\"status\":\"shipped\"}"));
        }
        assertThat(HandoffBriefWriter.actionsTaken(many))
                .hasSize(8)
                .first()
                .extracting(HandoffBrief.ActionTaken::summary)
                .isEqualTo("looked up order 3: shipped");
    }
}
