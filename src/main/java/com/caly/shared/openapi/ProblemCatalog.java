package com.caly.shared.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;

/**
 * The problem types of docs/errors.md (copied onto the classpath by the build), so that the OpenAPI document lists
 * exactly the catalogue: each type with its status, when it happens, and the paths its section covers.
 */
final class ProblemCatalog {

    /** {@code paths} are the path prefixes named in the type's section; empty for "Any endpoint". */
    record Entry(String type, String status, String when, List<String> paths) {

        boolean appliesTo(String path) {
            return paths.isEmpty() || paths.stream().anyMatch(path::startsWith);
        }
    }

    private static final Pattern ROW =
            Pattern.compile("^\\| `(/problems/[a-z0-9{}-]+)` \\| ([0-9a-z]+) \\| ([^|]+)\\|");
    private static final Pattern SECTION_PATH = Pattern.compile("`(/[^`*]*)\\*?`");

    private final List<Entry> entries;

    private ProblemCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static ProblemCatalog load() {
        ClassPathResource resource = new ClassPathResource("docs/errors.md");
        try (InputStream in = resource.getInputStream()) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("docs/errors.md is not on the classpath; build with Maven", e);
        }
    }

    static ProblemCatalog parse(String markdown) {
        List<Entry> entries = new ArrayList<>();
        List<String> paths = List.of();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                List<String> found = new ArrayList<>();
                Matcher matcher = SECTION_PATH.matcher(line);
                while (matcher.find()) {
                    found.add(matcher.group(1));
                }
                paths = List.copyOf(found);
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                entries.add(new Entry(row.group(1), row.group(2), row.group(3).trim(), paths));
            }
        }
        return new ProblemCatalog(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The types a request to the path may answer with at this status. */
    List<Entry> at(String status, String path) {
        return entries.stream()
                .filter(entry -> entry.status().equals(status) && entry.appliesTo(path))
                .toList();
    }
}
