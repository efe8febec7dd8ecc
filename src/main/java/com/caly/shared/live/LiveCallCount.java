package com.caly.shared.live;

/** How many calls are streaming through this instance now: background work yields to them. */
@FunctionalInterface
public interface LiveCallCount {

    int liveCalls();
}
