package com.caly.telephony;

import com.caly.shared.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One of a company's Exotel numbers (ExoPhones). */
public record PhoneNumber(
        UUID id, TenantId companyId, String e164, @Nullable String label, Instant createdAt) {}
