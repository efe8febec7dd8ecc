/**
 * The OpenAPI document: the API's title and version, its security schemes, the problem+json responses with the
 * catalogue of problem types, operation ids, and the rules that keep schemas true to what Jackson writes.
 */
@NullMarked
package com.caly.shared.openapi;

import org.jspecify.annotations.NullMarked;
