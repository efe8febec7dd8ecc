package com.caly.shared;

import org.springframework.boot.health.contributor.Status;

/** Health states beyond Spring's own. */
public final class HealthStatuses {

    /**
     * Running and answering calls, but a dependency is unavailable and something waits for it (mail, uploads).
     * Reported with HTTP 200: restarting the service or taking it out of rotation would not help.
     */
    public static final Status DEGRADED = new Status("DEGRADED", "Running, but a dependency is unavailable");

    private HealthStatuses() {}
}
