/**
 * Event webhooks: a company's endpoints, the events written in the same transaction as the change they report, and
 * their signed delivery (at least once, in order per call, retried for a day) by workers on any instance.
 */
@NullMarked
package com.caly.webhooks;

import org.jspecify.annotations.NullMarked;
