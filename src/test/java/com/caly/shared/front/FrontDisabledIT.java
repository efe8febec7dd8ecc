package com.caly.shared.front;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** Without the front, Tomcat listens on the public port itself, as before there was a front. */
@DirtiesContext
@TestPropertySource(properties = "app.front.enabled=false")
class FrontDisabledIT extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void leavesThePublicPortToTomcat() {
        assertThat(context.getWebServer()).isInstanceOf(TomcatWebServer.class);
        assertThat(context.getWebServer().getPort()).isEqualTo(port);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }
}
