package com.caly.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every problem type the code can answer with is documented in docs/errors.md. */
class ProblemCatalogTests {

    /** Where a problem slug is given: an ApiException, its factories, the slug tables and constants. */
    private static final Pattern SLUG = Pattern.compile(
            "(?:ApiException\\(\\s*HttpStatus\\.\\w+,\\s*|notFound\\(\\s*|badRequest\\(\\s*|tooManyRequests\\(\\s*"
                    + "|String [A-Z_]+ = |put\\(\\w+\\.class,\\s*|\\d{3},\\s*)\"([a-z]+(?:-[a-z]+)+)\"");

    @Test
    void documentsEveryProblemType() throws IOException {
        String catalogue = Files.readString(Path.of("docs/errors.md"));
        Set<String> slugs = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                if (!source.contains("ApiException") && !source.contains("ProblemTypes")) {
                    continue;
                }
                Matcher matcher = SLUG.matcher(source);
                while (matcher.find()) {
                    slugs.add(matcher.group(1));
                }
            }
        }
        assertThat(slugs).contains("invalid-otp", "validation-failed", "not-found");
        assertThat(slugs).allSatisfy(slug -> assertThat(catalogue).contains("/problems/" + slug + "`"));
    }
}
