/**
 * Companies (tenants) and the people who sign in for them, with their roles.
 * Other modules read companies and members through {@link com.caly.tenants.TenantService}.
 */
@NullMarked
package com.caly.tenants;

import org.jspecify.annotations.NullMarked;
