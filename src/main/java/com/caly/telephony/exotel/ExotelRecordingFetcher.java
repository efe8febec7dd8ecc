package com.caly.telephony.exotel;

import com.caly.recordings.ProviderRecordingImporter;
import com.caly.telephony.TelephonyProperties;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Fetches Exotel's recording of a call (private since 2024: Basic auth with the API key and token) after the
 * webhook has been answered, and hands it to the recordings upload path. A failure leaves the event publication
 * incomplete, so it is tried again; a refused URL (a host off the allow-list, plain http, a non-public address, a
 * recording over the size limit) is logged and counted instead, and never tried again.
 */
@Component
class ExotelRecordingFetcher {

    private static final Logger log = LoggerFactory.getLogger(ExotelRecordingFetcher.class);

    private final ProviderRecordingImporter importer;
    private final TelephonyProperties properties;

    ExotelRecordingFetcher(ProviderRecordingImporter importer, TelephonyProperties properties) {
        this.importer = importer;
        this.properties = properties;
    }

    @ApplicationModuleListener
    void on(ExotelRecordingReady event) throws Exception {
        TelephonyProperties.Exotel exotel = properties.exotel();
        if (exotel.sid() == null
                || exotel.sid().isBlank()
                || exotel.token() == null
                || exotel.token().isBlank()) {
            log.warn(
                    "Exotel recording of call {} not fetched: EXOTEL_SID and EXOTEL_TOKEN are not set", event.callId());
            return;
        }
        URI url = URI.create(event.recordingUrl());
        try {
            importer.importRecording(
                    event.companyId(),
                    event.callId(),
                    url,
                    new ProviderRecordingImporter.BasicCredentials(exotel.sid(), exotel.token()));
        } catch (ProviderRecordingImporter.RefusedException e) {
            // final: the call keeps no provider recording, and trying again would only be refused again
            log.warn(
                    "Exotel recording of call {} not fetched from host {}: {}; see EXOTEL_RECORDING_HOSTS",
                    event.callId(),
                    url.getHost(),
                    e.getMessage());
        }
    }
}
