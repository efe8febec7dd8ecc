package com.caly.shared.web;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP edge settings.
 *
 * @param corsOrigins the origins allowed to call the API from a browser (CORS_ORIGIN, comma-separated); empty
 *     allows none
 * @param maxRequestSize the largest request body accepted
 */
@Validated
@ConfigurationProperties("app.web")
public record WebProperties(
        List<String> corsOrigins, @NotNull DataSize maxRequestSize) {

    public WebProperties {
        corsOrigins = corsOrigins == null
                ? List.of()
                : corsOrigins.stream()
                        .map(String::trim)
                        .filter(o -> !o.isEmpty())
                        .toList();
        if (maxRequestSize == null) {
            maxRequestSize = DataSize.ofMegabytes(1);
        }
    }
}
