package com.caly.shared.query;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares in the OpenAPI document the {@code limit} and {@code cursor} of a keyset page ({@link KeysetCursor}). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Parameter(
        name = "limit",
        in = ParameterIn.QUERY,
        description = "Rows per page",
        schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "25"))
@Parameter(
        name = "cursor",
        in = ParameterIn.QUERY,
        description = "The `nextCursor` of the page before",
        schema = @Schema(type = "string", maxLength = 100))
public @interface PageParameters {}
