package com.caly.voice;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallId;
import com.caly.shared.TenantId;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
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

    /** The real journal and settings, on a database that is down: nothing listens on port 1. */
    private static final class DatabaseDown {
        final AgentTools tools;
        final AgentSettings agent;

        DatabaseDown(String orderStatusUrl) {
            DriverManagerDataSource down =
                    new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/caly?connectTimeout=2", "caly", "");
            JdbcClient jdbc = JdbcClient.create(down);
            BigDecimal price = BigDecimal.ONE;
            VoiceProperties properties = new VoiceProperties(
                    "key",
                    URI.create("http://127.0.0.1:1/v1"),
                    "gpt-realtime",
                    "gpt-4o-mini-transcribe",
                    "gpt-4o-mini",
                    "unit-test-encryption-key-0123456789-abcdef",
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(55),
                    700,
                    new VoiceProperties.Prices(price, price, price, price, price, price, price));
            CallJournal journal = new CallJournal(
                    jdbc,
                    properties,
                    new TransactionTemplate(new DataSourceTransactionManager(down)),
                    event -> {},
                    new com.caly.calls.EscalationQueue(
                            jdbc,
                            java.time.Clock.systemUTC(),
                            event -> {},
                            new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
            AgentSettingsService settings = new AgentSettingsService(jdbc, properties);
            AgentSettings defaults = settings.defaults();
            this.agent = new AgentSettings(
                    defaults.instructions(),
                    defaults.greeting(),
                    defaults.voice(),
                    defaults.languages(),
                    defaults.model(),
                    defaults.turnDetection(),
                    defaults.maxCallSeconds(),
                    defaults.handoffRules(),
                    defaults.businessFacts(),
                    defaults.enabledTools(),
                    orderStatusUrl,
                    false,
                    defaults.backchannels(),
                    defaults.interruptions(),
                    defaults.version(),
                    defaults.updatedAt());
            this.tools = new AgentTools(journal, settings);
        }

        AgentTools.Outcome run(String tool, String arguments) {
            return tools.run(
                    new TenantId(UUID.randomUUID()),
                    new CallId(UUID.randomUUID()),
                    "+919800000001",
                    agent,
                    tool,
                    arguments,
                    com.caly.calls.HandoffDecision.now(
                            com.caly.calls.HandoffDecision.TOOL, java.time.Clock.systemUTC()),
                    com.caly.tenants.RedactionSettings.OFF);
        }
    }

    @Test
    void aReturnTheDatabaseCannotFileBecomesAnAnswerTheModelCanSpeakFrom() {
        AgentTools.Outcome outcome = new DatabaseDown("http://127.0.0.1:1/status")
                .run(
                        "create_return_request",
                        "{\"order_id\":\"A1\",\"items\":[\"shoes\"],\"reason\":\"too small\",\"kind\":\"return\"}");
        assertThat(outcome.status()).isEqualTo("error");
        assertThat(outcome.effect()).isEqualTo(AgentTools.Effect.NONE);
        var output = JSON.readTree(outcome.output());
        assertThat(output.path("error").asString()).isEqualTo("temporarily_unavailable");
        assertThat(output.path("say").asString()).contains("colleague");
    }

    @Test
    void anOrderLookupWhoseSecretCannotBeReadBecomesAnAnswer() {
        AgentTools.Outcome outcome =
                new DatabaseDown("http://127.0.0.1:1/status").run("lookup_order", "{\"order_id\":\"A1\"}");
        assertThat(outcome.status()).isEqualTo("error");
        assertThat(JSON.readTree(outcome.output()).path("error").asString()).isEqualTo("temporarily_unavailable");
    }

    @Test
    void handsOffEvenWhenTheEscalationCannotBeRecorded() {
        AgentTools.Outcome outcome =
                new DatabaseDown("http://127.0.0.1:1/status").run("escalate_to_human", "{\"reason\":\"asked\"}");
        assertThat(outcome.effect()).isEqualTo(AgentTools.Effect.HAND_OFF);
        assertThat(outcome.status()).isEqualTo("error");
        assertThat(JSON.readTree(outcome.output()).path("status").asString()).isEqualTo("handing_off");
    }

    @Test
    void answersWhenOnlyTheActionLogCannotBeWritten() {
        DatabaseDown down = new DatabaseDown("http://127.0.0.1:1/status");
        AgentTools.Outcome goodbye = down.run("end_call", "{\"reason\":\"caller said goodbye\"}");
        assertThat(goodbye.effect()).isEqualTo(AgentTools.Effect.END);
        assertThat(goodbye.status()).isEqualTo("ok");
        AgentTools.Outcome bad = down.run("end_call", "not json");
        assertThat(bad.status()).isEqualTo("invalid_arguments");
    }
}
