package com.caly.shared.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Turns the deployment's environment variables into Spring settings before the context starts: reads a
 * {@code .env} file (real environment variables win), refuses to start with weak or missing critical settings,
 * derives the datasource from DATABASE_URL (or the local default) and creates the database when it is missing.
 */
public class DeploymentEnvironment implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public DeploymentEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(DeploymentEnvironment.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        addDotEnv(sources);

        SettingsCheck.Result result = SettingsCheck.check(environment::getProperty);
        if (!result.problems().isEmpty()) {
            throw new InvalidSettingsException(result.problems());
        }
        result.warnings().forEach(log::warn);
        if (!result.generatedSecrets().isEmpty()) {
            sources.addLast(new MapPropertySource("generatedSecrets", result.generatedSecrets()));
        }

        Map<String, Object> derived = new HashMap<>();
        DatabaseUrl database = databaseUrl(environment);
        if (!environment.containsProperty("spring.datasource.url")) {
            derived.put("spring.datasource.url", database.jdbcUrl());
            if (database.username() != null) {
                derived.put("spring.datasource.username", database.username());
            }
            if (database.password() != null) {
                derived.put("spring.datasource.password", database.password());
            }
        }
        derived.putAll(SmtpSettings.derive(environment::getProperty));
        if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
            // the actuator then answers only on the management port, which the deployment keeps private; the
            // platform's probes stay on the main port as /livez and /readyz
            derived.put("management.endpoint.health.show-details", "always");
            derived.put("management.endpoint.health.probes.add-additional-paths", "true");
        }
        sources.addFirst(new MapPropertySource("derivedSettings", derived));

        if (environment.getProperty("app.database.create-if-missing", Boolean.class, true)) {
            new DatabaseCreator(log)
                    .ensureExists(new DatabaseUrl(
                            environment.getRequiredProperty("spring.datasource.url"),
                            environment.getProperty("spring.datasource.username"),
                            environment.getProperty("spring.datasource.password")));
        }
    }

    private static DatabaseUrl databaseUrl(ConfigurableEnvironment environment) {
        String url = environment.getProperty("DATABASE_URL");
        if (url == null || url.isBlank()) {
            return new DatabaseUrl(DatabaseUrl.LOCAL_DEFAULT, "postgres", null);
        }
        return DatabaseUrl.parse(url);
    }

    private static void addDotEnv(MutablePropertySources sources) {
        Map<String, Object> values;
        try {
            values = DotEnvFile.read(Path.of(".env"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read .env", e);
        }
        if (values.isEmpty()) {
            return;
        }
        MapPropertySource dotEnv = new MapPropertySource("dotEnvFile", values);
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, dotEnv);
        } else {
            sources.addLast(dotEnv);
        }
    }
}
