/**
 * Analytics: the company's KPIs for a period against the period before, and the detailed report (time series in
 * the caller's zone, breakdowns, heat map, latency percentiles), read with SQL over the call tables.
 */
@NullMarked
package com.caly.analytics;

import org.jspecify.annotations.NullMarked;
