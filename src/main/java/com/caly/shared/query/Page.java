package com.caly.shared.query;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a newest-first list; {@code nextCursor} is absent on the last page. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {}
