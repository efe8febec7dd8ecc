/**
 * A live call's serial loop: every event of a call runs on it, one at a time, with its timers and clock; many calls
 * share a few event-loop threads, and the call's network channels run on the same thread as its loop.
 */
@NullMarked
package com.caly.shared.live;

import org.jspecify.annotations.NullMarked;
