package com.caly.voice;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The voice agent's connection to OpenAI and what it costs.
 *
 * @param apiKey OPENAI_API_KEY; without it no agent answers and calls go to a person
 * @param baseUrl OPENAI_BASE_URL, e.g. https://api.openai.com/v1: the realtime socket is {@code <base>/realtime}
 *     (ws/wss), chat completions {@code <base>/chat/completions}
 * @param defaultModel the realtime model of companies that chose none
 * @param transcriptionModel transcribes the caller's speech for transcripts and backchannel decisions
 * @param analysisModel the chat model that summarises a call afterwards
 * @param encryptionKey seals stored third-party secrets (ENCRYPTION_KEY)
 * @param connectTimeout how long opening the realtime socket may take
 * @param sessionMaxAge when a realtime session is renewed, before the API's 60-minute cap
 * @param backchannelMaxMs the longest speech over the agent that may still be a backchannel ("haan", "hmm")
 * @param prices USD per million tokens, and the rate that turns them into the billing currency
 */
@Validated
@ConfigurationProperties("app.voice")
public record VoiceProperties(
        @Nullable String apiKey,
        @NotNull URI baseUrl,
        @NotBlank String defaultModel,
        @NotBlank String transcriptionModel,
        @NotBlank String analysisModel,
        @NotBlank String encryptionKey,
        @NotNull Duration connectTimeout,
        @NotNull Duration sessionMaxAge,
        @Min(100) int backchannelMaxMs,
        @Valid @NotNull Prices prices) {

    public boolean configured() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** The realtime endpoint for a model: the base URL with a ws/wss scheme. */
    public URI realtimeUrl(String model) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        if (base.startsWith("https://")) {
            base = "wss://" + base.substring("https://".length());
        } else if (base.startsWith("http://")) {
            base = "ws://" + base.substring("http://".length());
        }
        return URI.create(
                base + "/realtime?model=" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The chat completions endpoint: the base URL with an http/https scheme. */
    public URI chatUrl() {
        String base = baseUrl.toString().replaceAll("/+$", "");
        if (base.startsWith("wss://")) {
            base = "https://" + base.substring("wss://".length());
        } else if (base.startsWith("ws://")) {
            base = "http://" + base.substring("ws://".length());
        }
        return URI.create(base + "/chat/completions");
    }

    @Override
    public String toString() {
        return "VoiceProperties[baseUrl=" + baseUrl + ", defaultModel=" + defaultModel + "]";
    }

    /**
     * @param audioIn audio input tokens
     * @param audioCachedIn cached audio input tokens
     * @param audioOut audio output tokens
     * @param textIn text input tokens
     * @param textCachedIn cached text input tokens
     * @param textOut text output tokens
     * @param usdToBillingCurrency how many units of the billing currency (INR) one USD is
     */
    public record Prices(
            @NotNull @DecimalMin("0") BigDecimal audioIn,
            @NotNull @DecimalMin("0") BigDecimal audioCachedIn,
            @NotNull @DecimalMin("0") BigDecimal audioOut,
            @NotNull @DecimalMin("0") BigDecimal textIn,
            @NotNull @DecimalMin("0") BigDecimal textCachedIn,
            @NotNull @DecimalMin("0") BigDecimal textOut,
            @NotNull @DecimalMin("0") BigDecimal usdToBillingCurrency) {}
}
