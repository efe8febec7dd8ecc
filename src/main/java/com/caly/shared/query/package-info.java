/**
 * Reading the query strings of list and report endpoints: only known parameters, typed values, time windows in
 * the caller's zone and opaque keyset cursors, each refused with a 400 problem that names the parameter.
 */
@NullMarked
package com.caly.shared.query;

import org.jspecify.annotations.NullMarked;
