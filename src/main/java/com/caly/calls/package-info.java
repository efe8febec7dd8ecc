/**
 * Phone calls: the record every call leaves behind. For now its id; the call aggregate and its API arrive with
 * the telephony and call-history features.
 */
@NullMarked
package com.caly.calls;

import org.jspecify.annotations.NullMarked;
