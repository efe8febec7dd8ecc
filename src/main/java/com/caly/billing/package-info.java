/**
 * What calls cost: per-call charge lines (telephony pulses at the company's rate, later AI usage and storage),
 * written when calls end.
 */
@NullMarked
package com.caly.billing;

import org.jspecify.annotations.NullMarked;
