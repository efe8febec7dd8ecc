/**
 * PostgreSQL LISTEN/NOTIFY between the instances sharing one database: one listening connection per instance,
 * channels subscribed by the modules, notifications sent with the sender's transaction.
 */
@NullMarked
package com.caly.shared.notify;

import org.jspecify.annotations.NullMarked;
