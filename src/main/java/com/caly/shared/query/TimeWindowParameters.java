package com.caly.shared.query;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares in the OpenAPI document the {@code from}, {@code to} and {@code tz} that {@link TimeWindow} reads. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(
        name = "from",
        in = ParameterIn.QUERY,
        description = "Start of the period, inclusive: a date (the start of that day in `tz`) or a date-time with an"
                + " offset",
        example = "2026-11-01",
        schema = @Schema(type = "string", maxLength = 40))
@Parameter(
        name = "to",
        in = ParameterIn.QUERY,
        description = "End of the period, exclusive: a date (that whole day included, in `tz`) or a date-time with"
                + " an offset; at most 366 days after `from`",
        example = "2026-11-30",
        schema = @Schema(type = "string", maxLength = 40))
@Parameter(
        name = "tz",
        in = ParameterIn.QUERY,
        description = "The IANA time zone dates are read in",
        example = "Asia/Kolkata",
        schema = @Schema(type = "string", defaultValue = "Asia/Kolkata"))
public @interface TimeWindowParameters {}
