package com.caly.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvFileTests {

    @Test
    void readsAssignmentsCommentsQuotesAndExport() {
        Map<String, Object> values = DotEnvFile.parse("""
                # a comment
                PORT=3000
                export NODE_ENV=production
                SMTP_FROM="Caly <no-reply@example.com>"
                JWT_SECRET='a#literal$value'
                MULTI="line one\\nline two"
                TRAILING=value # comment after a space

                not a valid line
                EMPTY=
                """);
        assertThat(values)
                .containsEntry("PORT", "3000")
                .containsEntry("NODE_ENV", "production")
                .containsEntry("SMTP_FROM", "Caly <no-reply@example.com>")
                .containsEntry("JWT_SECRET", "a#literal$value")
                .containsEntry("MULTI", "line one\nline two")
                .containsEntry("TRAILING", "value")
                .containsEntry("EMPTY", "")
                .hasSize(7);
    }
}
