package com.caly.telephony.exotel;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The web call's stream where Tomcat holds the public port itself (LIVE_FRONT_ENABLED=false): every web-call test
 * again, through the servlet container's WebSocket at /media/web.
 */
@DirtiesContext
@TestPropertySource(properties = "app.front.enabled=false")
class WebCallWithoutFrontIT extends WebCallIT {}
