package com.caly.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTests {

    @Test
    void readsTheFormHostingPlatformsHandOut() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://caly:s3cr%40t@db.internal:6543/caly_prod?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/caly_prod?sslmode=require");
        assertThat(url.username()).isEqualTo("caly");
        assertThat(url.password()).isEqualTo("s3cr@t");
        assertThat(url.databaseName()).isEqualTo("caly_prod");
    }

    @Test
    void acceptsThePostgresSchemeAndNoPort() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u@localhost/app");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/app");
        assertThat(url.username()).isEqualTo("u");
        assertThat(url.password()).isNull();
    }

    @Test
    void keepsAPlusSignInThePassword() {
        assertThat(DatabaseUrl.parse("postgresql://u:a+b@h:5432/d").password()).isEqualTo("a+b");
    }

    @Test
    void passesAJdbcUrlThrough() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/caly?user=postgres");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/caly?user=postgres");
        assertThat(url.username()).isNull();
        assertThat(url.databaseName()).isEqualTo("caly");
    }

    @Test
    void pointsAtTheMaintenanceDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@h:5432/caly?sslmode=disable")
                .withDatabase("postgres");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/postgres?sslmode=disable");
        assertThat(url.username()).isEqualTo("u");
    }

    @Test
    void rejectsOtherSchemesAndMissingParts() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u@h/d")).hasMessageContaining("must start with");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u@h")).hasMessageContaining("no database name");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///d")).hasMessageContaining("no host");
    }
}
