package com.caly.telephony.exotel;

import com.caly.shared.web.PublicEndpoints;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class MediaSocketConfig implements WebSocketConfigurer {

    static final String PATH = "/media/exotel";

    private final ExotelMediaHandler handler;
    private final MediaAdmission admission;
    private final WebCallAdmission webCalls;

    MediaSocketConfig(ExotelMediaHandler handler, MediaAdmission admission, WebCallAdmission webCalls) {
        this.handler = handler;
        this.admission = admission;
        this.webCalls = webCalls;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry handlers) {
        // Exotel connects from its own servers, not a browser: no Origin check applies
        handlers.addHandler(handler, PATH)
                .addInterceptors(new MediaHandshake(admission))
                .setAllowedOriginPatterns("*");
        // a browser's: the same handler, admitted by its ticket; the Origin is checked by WebCallAdmission
        handlers.addHandler(handler, WebCallAdmission.PATH)
                .addInterceptors(new WebMediaHandshake(webCalls))
                .setAllowedOriginPatterns("*");
    }

    /**
     * Tomcat allocates these buffers for every connection when it opens, so they are kept small: a message longer
     * than the text buffer reaches the handler in parts (a 100 ms frame at 24 kHz is about 6,500 characters).
     */
    @Bean
    ServletServerContainerFactoryBean mediaSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(8 * 1024);
        container.setMaxBinaryMessageBufferSize(1024);
        container.setMaxSessionIdleTimeout(
                MediaSessionRegistry.IDLE.multipliedBy(2).toMillis());
        return container;
    }

    @Bean
    PublicEndpoints mediaStream() {
        // the web call's stream authenticates by its ticket: browsers send no Authorization on an upgrade
        return PublicEndpoints.of(PATH, WebCallAdmission.PATH);
    }
}
