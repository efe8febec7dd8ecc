package com.caly.tenants;

import com.caly.shared.TenantId;
import com.caly.shared.UserId;
import java.time.Instant;

/** A company signed up; its owner is the first member. */
public record CompanyCreated(TenantId companyId, UserId ownerId, String name, Instant createdAt) {}
