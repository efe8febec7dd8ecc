/**
 * The parts of one live conversation with the realtime model, each a small state machine driven by events on the
 * call's loop and by its clock: turn taking, the agent's speech, the response lifecycle, the model session, tools,
 * and what the call counts. Nothing here locks, sleeps, reads the system clock or talks to a database or network.
 */
@NullMarked
package com.caly.voice.conversation;

import org.jspecify.annotations.NullMarked;
