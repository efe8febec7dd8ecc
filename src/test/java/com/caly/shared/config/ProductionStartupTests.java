package com.caly.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.caly.Application;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ProductionStartupTests {

    @Test
    void refusesToStartInProductionAndListsEveryProblemInOneMessage() {
        StandardEnvironment environment = new StandardEnvironment();
        // Only the variables below: none from the machine running the test.
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "deployment",
                        Map.of(
                                "NODE_ENV", "production",
                                "JWT_SECRET", "too-short",
                                "WASABI_ENABLED", "true")));
        SpringApplication application = new SpringApplication(Application.class);
        application.setEnvironment(environment);
        application.setWebApplicationType(WebApplicationType.NONE);

        Throwable failure = catchThrowable(application::run);

        assertThat(failure).isInstanceOf(InvalidSettingsException.class);
        assertThat(failure.getMessage())
                .startsWith("Caly cannot start; fix these settings:")
                .contains("DATABASE_URL is missing")
                .contains("JWT_SECRET is too short")
                .contains("SESSION_SECRET is missing")
                .contains("ENCRYPTION_KEY is missing")
                .contains("WASABI_ACCESS_KEY_ID is required when WASABI_ENABLED=true")
                .contains("SMTP_HOST is missing")
                .contains("OPENAI_API_KEY is missing")
                .contains("WEBHOOK_BASE_URL is missing");
        assertThat(((InvalidSettingsException) failure).problems()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(new InvalidSettingsFailureAnalyzer().analyze(failure).getAction())
                .contains(".env.example");
    }
}
