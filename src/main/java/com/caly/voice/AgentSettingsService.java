package com.caly.voice;

import com.caly.shared.SecretBox;
import com.caly.shared.TenantId;
import com.caly.shared.web.ApiException;
import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each company's agent settings: defaults that work until the company changes them, validated on every change.
 * The order-status secret is stored sealed and only ever read back by the agent.
 */
@Service
public class AgentSettingsService {

    static final String DEFAULT_INSTRUCTIONS = """
            You are the friendly voice support agent of this business, answering its customers on the phone.
            Callers speak English, Hindi or a mix of both (Hinglish): answer in the language the caller uses.
            Keep every answer short and spoken: one or two sentences, no lists, no markdown.
            Use the tools to look up orders and to file return, refund or exchange requests; never invent
            order details. When you cannot help, or the caller asks for a person, hand the call over.""";
    static final String DEFAULT_GREETING = "Namaste! Thank you for calling. How can I help you today?";
    static final Map<String, List<String>> DEFAULT_BACKCHANNELS = Map.of(
            "en", List.of("yes", "yeah", "ok", "okay", "right", "hmm", "mm", "uh huh", "sure"),
            "hi", List.of("haan", "haan ji", "ji", "accha", "achha", "hmm", "theek hai", "ok"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final VoiceProperties properties;

    AgentSettingsService(JdbcClient jdbc, VoiceProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.secrets = new SecretBox(properties.encryptionKey());
    }

    /** The company's settings, or the defaults when it has not changed them. */
    @Transactional(readOnly = true)
    public AgentSettings settings(TenantId company) {
        return jdbc.sql("select * from agent_configs where company_id = ?")
                .param(company.value())
                .query((rs, n) -> read(rs))
                .optional()
                .orElseGet(this::defaults);
    }

    /** The order-status endpoint's secret, for signing requests to it. */
    @Transactional(readOnly = true)
    public Optional<String> orderStatusSecret(TenantId company) {
        return jdbc.sql("select order_status_secret_enc from agent_configs where company_id = ?")
                .param(company.value())
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1)))
                .optional()
                .flatMap(secret -> secret)
                .map(secrets::open);
    }

    /**
     * Replaces the settings. A null {@code orderStatusSecret} keeps the stored one; an empty one removes it.
     *
     * @throws ApiException 400 {@code invalid-agent-settings} naming the field at fault
     */
    @Transactional
    public AgentSettings update(TenantId company, AgentSettings wanted, @Nullable String orderStatusSecret) {
        AgentSettings settings = validated(wanted);
        byte[] sealed =
                orderStatusSecret == null || orderStatusSecret.isEmpty() ? null : secrets.seal(orderStatusSecret);
        jdbc.sql("""
                        insert into agent_configs (company_id, instructions, greeting, voice, languages, model, turn_detection,
                            max_call_seconds, handoff_rules, business_facts, enabled_tools, order_status_url,
                            order_status_secret_enc, backchannels, interruptions)
                        values (:company, :instructions, :greeting, :voice, :languages, :model, cast(:turn as jsonb),
                            :maxCall, cast(:handoff as jsonb), :facts, :tools, :url, :secret, cast(:backchannels as jsonb),
                            cast(:interruptions as jsonb))
                        on conflict (company_id) do update set
                            instructions = excluded.instructions, greeting = excluded.greeting, voice = excluded.voice,
                            languages = excluded.languages, model = excluded.model,
                            turn_detection = excluded.turn_detection, max_call_seconds = excluded.max_call_seconds,
                            handoff_rules = excluded.handoff_rules, business_facts = excluded.business_facts,
                            enabled_tools = excluded.enabled_tools, order_status_url = excluded.order_status_url,
                            order_status_secret_enc = case when :keepSecret then agent_configs.order_status_secret_enc
                                                           else excluded.order_status_secret_enc end,
                            backchannels = excluded.backchannels, interruptions = excluded.interruptions,
                            version = agent_configs.version + 1, updated_at = now()""")
                .param("company", company.value())
                .param("instructions", settings.instructions())
                .param("greeting", settings.greeting())
                .param("voice", settings.voice())
                .param("languages", settings.languages().toArray(String[]::new))
                .param("model", settings.model())
                .param("turn", JSON.writeValueAsString(settings.turnDetection()))
                .param("maxCall", settings.maxCallSeconds())
                .param("handoff", JSON.writeValueAsString(settings.handoffRules()))
                .param("facts", settings.businessFacts())
                .param("tools", settings.enabledTools().toArray(String[]::new))
                .param("url", settings.orderStatusUrl())
                .param("secret", sealed)
                .param("keepSecret", orderStatusSecret == null)
                .param("backchannels", JSON.writeValueAsString(settings.backchannels()))
                .param("interruptions", JSON.writeValueAsString(settings.interruptions()))
                .update();
        return settings(company);
    }

    AgentSettings defaults() {
        return new AgentSettings(
                DEFAULT_INSTRUCTIONS,
                DEFAULT_GREETING,
                "marin",
                List.of("en", "hi"),
                properties.defaultModel(),
                AgentSettings.TurnDetection.DEFAULT,
                1800,
                AgentSettings.HandoffRules.DEFAULT,
                "",
                new LinkedHashSet<>(AgentSettings.TOOLS),
                null,
                false,
                DEFAULT_BACKCHANNELS,
                AgentSettings.Interruptions.DEFAULT,
                0,
                null);
    }

    private static AgentSettings validated(AgentSettings s) {
        require(s.instructions().length() <= 20_000, "instructions", "at most 20,000 characters");
        require(s.greeting().length() <= 1_000, "greeting", "at most 1,000 characters");
        require(AgentSettings.VOICES.contains(s.voice()), "voice", "one of " + AgentSettings.VOICES);
        require(!s.languages().isEmpty() && s.languages().size() <= 5, "languages", "one to five languages");
        require(
                AgentSettings.LANGUAGES.containsAll(s.languages()),
                "languages",
                "codes from " + AgentSettings.LANGUAGES);
        require(s.model().matches("[a-z0-9][a-z0-9.\\-]{0,99}"), "model", "a realtime model name such as gpt-realtime");
        AgentSettings.TurnDetection turn = s.turnDetection();
        require(
                List.of("server_vad", "semantic_vad").contains(turn.type()),
                "turnDetection.type",
                "server_vad or semantic_vad");
        require(turn.threshold() >= 0 && turn.threshold() <= 1, "turnDetection.threshold", "between 0 and 1");
        require(
                turn.prefixPaddingMs() >= 0 && turn.prefixPaddingMs() <= 2_000,
                "turnDetection.prefixPaddingMs",
                "0 to 2000");
        require(
                turn.silenceDurationMs() >= 100 && turn.silenceDurationMs() <= 5_000,
                "turnDetection.silenceDurationMs",
                "100 to 5000");
        require(
                List.of("low", "medium", "high", "auto").contains(turn.eagerness()),
                "turnDetection.eagerness",
                "low, medium, high or auto");
        require(s.maxCallSeconds() >= 60 && s.maxCallSeconds() <= 3_600, "maxCallSeconds", "60 to 3600");
        require(s.handoffRules().topics().size() <= 50, "handoffRules.topics", "at most 50 topics");
        require(
                s.handoffRules().topics().stream().allMatch(t -> !t.isBlank() && t.length() <= 200),
                "handoffRules.topics",
                "each 1 to 200 characters");
        require(
                s.handoffRules().afterFailedAttempts() >= 0 && s.handoffRules().afterFailedAttempts() <= 10,
                "handoffRules.afterFailedAttempts",
                "0 to 10");
        require(s.businessFacts().length() <= 20_000, "businessFacts", "at most 20,000 characters");
        require(AgentSettings.TOOLS.containsAll(s.enabledTools()), "enabledTools", "names from " + AgentSettings.TOOLS);
        if (s.orderStatusUrl() != null) {
            require(validHttpUrl(s.orderStatusUrl()), "orderStatusUrl", "an absolute http or https URL");
        }
        require(
                s.backchannels().size() <= AgentSettings.LANGUAGES.size()
                        && AgentSettings.LANGUAGES.containsAll(s.backchannels().keySet()),
                "backchannels",
                "keyed by language codes from " + AgentSettings.LANGUAGES);
        require(
                s.backchannels().values().stream()
                        .allMatch(words ->
                                words.size() <= 50 && words.stream().allMatch(w -> !w.isBlank() && w.length() <= 40)),
                "backchannels",
                "at most 50 words of 1 to 40 characters per language");
        AgentSettings.Interruptions interruptions = s.interruptions();
        require(
                AgentSettings.Interruptions.MODES.contains(interruptions.mode()),
                "interruptions.mode",
                "one of " + AgentSettings.Interruptions.MODES);
        require(
                interruptions.resumeAfterMs() >= 200 && interruptions.resumeAfterMs() <= 3_000,
                "interruptions.resumeAfterMs",
                "200 to 3000");
        require(
                interruptions.echoGuardMs() >= 0 && interruptions.echoGuardMs() <= 1_000,
                "interruptions.echoGuardMs",
                "0 to 1000");
        Map<String, List<String>> backchannels = new LinkedHashMap<>();
        s.backchannels()
                .forEach((language, words) -> backchannels.put(
                        language,
                        words.stream()
                                .map(w -> w.trim().toLowerCase(java.util.Locale.ROOT))
                                .distinct()
                                .toList()));
        return new AgentSettings(
                s.instructions(),
                s.greeting(),
                s.voice(),
                List.copyOf(new LinkedHashSet<>(s.languages())),
                s.model(),
                turn,
                s.maxCallSeconds(),
                s.handoffRules(),
                s.businessFacts(),
                new LinkedHashSet<>(s.enabledTools()),
                s.orderStatusUrl(),
                false,
                backchannels,
                interruptions,
                s.version(),
                s.updatedAt());
    }

    private static boolean validHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute()
                    && uri.getHost() != null
                    && List.of("http", "https").contains(uri.getScheme())
                    && url.length() <= 2_000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean valid, String field, String expected) {
        if (!valid) {
            throw ApiException.badRequest(
                            "invalid-agent-settings", "Invalid agent settings", field + " must be " + expected)
                    .with("field", field)
                    // the shape of validation-failed, so that a client shows both beside their fields
                    .with("errors", List.of(Map.of("field", field, "message", "must be " + expected)));
        }
    }

    private static AgentSettings read(ResultSet rs) throws SQLException {
        return new AgentSettings(
                rs.getString("instructions"),
                rs.getString("greeting"),
                rs.getString("voice"),
                strings(rs.getArray("languages")),
                rs.getString("model"),
                JSON.readValue(rs.getString("turn_detection"), AgentSettings.TurnDetection.class),
                rs.getInt("max_call_seconds"),
                JSON.readValue(rs.getString("handoff_rules"), AgentSettings.HandoffRules.class),
                rs.getString("business_facts"),
                new LinkedHashSet<>(strings(rs.getArray("enabled_tools"))),
                rs.getString("order_status_url"),
                rs.getBytes("order_status_secret_enc") != null,
                JSON.readValue(rs.getString("backchannels"), new TypeReference<Map<String, List<String>>>() {}),
                JSON.readValue(rs.getString("interruptions"), AgentSettings.Interruptions.class),
                rs.getInt("version"),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
