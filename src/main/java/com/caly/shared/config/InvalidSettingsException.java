package com.caly.shared.config;

import java.util.List;

/** Start-up refused because critical settings are missing or weak; lists every one of them. */
public class InvalidSettingsException extends IllegalStateException {

    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
        super("Caly cannot start; fix these settings:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
