/**
 * Building blocks every module may use: typed ids, the clock, problem+json errors, request logging, outgoing
 * e-mail, rate limiting and the start-up handling of the deployment's environment variables.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.caly.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
