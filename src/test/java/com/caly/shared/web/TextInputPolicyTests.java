package com.caly.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextInputPolicyTests {

    @Test
    void allowsTabsLineBreaksAndAnyPrintableScript() {
        assertThat(TextInputPolicy.firstForbidden("Line one\tcol\r\nline two")).isEqualTo(-1);
        assertThat(TextInputPolicy.isAllowed("नमस्ते, கடை ¡ñ ₹500 😀 \u00A0\u200B\uFFFD"))
                .isTrue();
        assertThat(TextInputPolicy.isAllowed("")).isTrue();
    }

    @Test
    void forbidsNulEveryOtherControlAndUnpairedSurrogates() {
        for (char c = 0; c < 0x20; c++) {
            boolean allowed = c == '\t' || c == '\n' || c == '\r';
            assertThat(TextInputPolicy.isAllowed("a" + c)).as("U+%04X", (int) c).isEqualTo(allowed);
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            assertThat(TextInputPolicy.firstForbidden("ab" + c))
                    .as("U+%04X", (int) c)
                    .isEqualTo(2);
        }
        assertThat(TextInputPolicy.isAllowed("\u009F\u00A0")).isFalse();
        assertThat(TextInputPolicy.firstForbidden("x\uD83D"))
                .as("a high surrogate at the end")
                .isEqualTo(1);
        assertThat(TextInputPolicy.firstForbidden("\uDE00x"))
                .as("a low surrogate alone")
                .isZero();
        assertThat(TextInputPolicy.firstForbidden("\uD83D\uD83D\uDE00"))
                .as("two highs, one low")
                .isZero();
        assertThat(TextInputPolicy.firstForbidden("\uD83D\uDE00\uDE00")).isEqualTo(2);
    }

    @Test
    void cleaningDropsOnlyTheForbiddenCharacters() {
        assertThat(TextInputPolicy.clean("CA\u0000123\u0007\u0085")).isEqualTo("CA123");
        assertThat(TextInputPolicy.clean("a\u0000\u0000b\tc\n😀\uD800")).isEqualTo("ab\tc\n😀");
        String clean = "already clean";
        assertThat(TextInputPolicy.clean(clean)).isSameAs(clean);
    }

    @Test
    void cleaningAMegabyteOfControlsTakesLinearTime() {
        String noise = "\u0000".repeat(1_000_000) + "end";
        long started = System.nanoTime();
        assertThat(TextInputPolicy.clean(noise)).isEqualTo("end");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void showsForbiddenCharactersAsReplacementsAndSaysWhichAndWhere() {
        assertThat(TextInputPolicy.printable("h\u0000i\u007F")).isEqualTo("h\uFFFDi\uFFFD");
        assertThat(TextInputPolicy.describe("ab\u0000", 2))
                .isEqualTo("must not contain control characters (U+0000 at character 3)");
    }

    @Test
    void namesEachOffendingFieldOfABodyByItsJsonPath() {
        String body = """
                {"name":"ok","items":[{"name":"a\\u0000"},{"name":"b"},{"tags":["x","y\\u0085"]}],
                 "facts":{"hi":["fine","bad\\u0007"],"k\\u0001":"v"},"n":1,"deep":[[["\\u007f"]]]}""";
        List<Map<String, String>> errors = JsonBodyTextCheck.scan(body.getBytes(StandardCharsets.UTF_8), null);
        assertThat(errors)
                .extracting(e -> e.get("field"))
                .containsExactly("items[0].name", "items[2].tags[1]", "facts.hi[1]", "facts.k\uFFFD", "deep[0][0][0]");
        assertThat(errors.get(1).get("message"))
                .isEqualTo("must not contain control characters (U+0085 at character 2)");
    }

    @Test
    void leavesBodiesThatAreNotJsonToTheConverter() {
        assertThat(JsonBodyTextCheck.scan("{\"a\": \"\\u0000\", \"b\": ".getBytes(StandardCharsets.UTF_8), null))
                .as("the error before the break is still found")
                .hasSize(1);
        assertThat(JsonBodyTextCheck.scan("not json".getBytes(StandardCharsets.UTF_8), null))
                .isEmpty();
        assertThat(JsonBodyTextCheck.scan("\"\\u0000\"".getBytes(StandardCharsets.UTF_8), null))
                .extracting(e -> e.get("field"))
                .containsExactly("body");
    }

    @Test
    void readsABodyInTheCharsetItDeclares() {
        byte[] latin1 = "{\"name\":\"caf\u00E9 \u0085\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(JsonBodyTextCheck.scan(latin1, StandardCharsets.ISO_8859_1))
                .extracting(e -> e.get("field"))
                .containsExactly("name");
    }
}
