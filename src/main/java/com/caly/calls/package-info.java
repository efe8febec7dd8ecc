/**
 * Phone calls: the record every call leaves behind, written as the provider reports it, and the company's view of
 * it: the history, one call with its transcript, actions, returns, escalations, charges and turns, and the queues
 * of escalations and return requests that people work through.
 */
@NullMarked
package com.caly.calls;

import org.jspecify.annotations.NullMarked;
