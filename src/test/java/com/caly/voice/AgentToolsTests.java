package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AgentToolsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Object> RETURN = Map.of(
            "type", "object",
            "properties",
                    Map.of(
                            "order_id", Map.of("type", "string"),
                            "items", Map.of("type", "array", "items", Map.of("type", "string")),
                            "reason", Map.of("type", "string"),
                            "kind", Map.of("type", "string", "enum", List.of("return", "refund", "exchange"))),
            "required", List.of("order_id", "items", "reason", "kind"));

    private static String check(String arguments) {
        return AgentTools.invalid(RETURN, JSON.readTree(arguments));
    }

    @Test
    void acceptsArgumentsThatMatchTheSchema() {
        assertThat(check("{\"order_id\":\"A1\",\"items\":[\"shoes\"],\"reason\":\"too small\",\"kind\":\"exchange\"}"))
                .isNull();
    }

    @Test
    void namesWhatIsWrong() {
        assertThat(check("{\"items\":[\"shoes\"],\"reason\":\"x\",\"kind\":\"return\"}"))
                .isEqualTo("missing order_id");
        assertThat(check("{\"order_id\":\"A1\",\"items\":[],\"reason\":\"x\",\"kind\":\"return\"}"))
                .isEqualTo("items must be a list of 1 to 50 items");
        assertThat(check("{\"order_id\":\"A1\",\"items\":[\"a\"],\"reason\":\"x\",\"kind\":\"steal\"}"))
                .startsWith("kind must be one of");
        assertThat(check("{\"order_id\":7,\"items\":[\"a\"],\"reason\":\"x\",\"kind\":\"return\"}"))
                .isEqualTo("order_id must be a non-empty string");
        assertThat(
                        check(
                                "{\"order_id\":\"A1\",\"items\":[\"a\"],\"reason\":\"x\",\"kind\":\"return\",\"refund_to\":\"me\"}"))
                .isEqualTo("unexpected refund_to");
    }
}
