package com.caly.telephony.exotel;

import com.caly.shared.config.DeploymentMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Outside production, prints the Exotel URLs to paste once the server listens: without EXOTEL_WEBHOOK_TOKEN the
 * token comes from SESSION_SECRET, which a development run makes up afresh each time, and nothing else shows it.
 */
@Component
class ExotelSetupLog {

    private static final Logger log = LoggerFactory.getLogger(ExotelSetupLog.class);

    private final ExotelSetup setup;
    private final Environment environment;

    ExotelSetupLog(ExotelSetup setup, Environment environment) {
        this.setup = setup;
        this.environment = environment;
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (DeploymentMode.isProduction(environment)) {
            return;
        }
        String configured = setup.configuredBase();
        String base = configured != null
                ? configured
                : "http://localhost:" + event.getWebServer().getPort();
        log.info(block(setup.forDeployment(base)));
    }

    static String block(ExotelSetup.Urls urls) {
        String nl = System.lineSeparator();
        return "Exotel URLs of this run (not printed in production; see docs/exotel-setup.md):" + nl
                + "  webhook token      " + urls.webhookToken() + nl
                + "  call-start         " + urls.callStart() + nl
                + "  Voicebot (dynamic) " + urls.voicebotUrl() + nl
                + "  Voicebot (static)  " + urls.staticStreamUrl() + "   (write the account's key and token)" + nl
                + "  after-bot          " + urls.afterBot() + nl
                + "  call-end           " + urls.callEnd() + nl
                + "  recording          " + urls.recording()
                + (urls.baseUrlConfigured()
                        ? ""
                        : nl + "  WEBHOOK_BASE_URL is not set: Exotel cannot reach localhost; set it to a public"
                                + " https:// address (a tunnel, for trying) for real calls");
    }
}
