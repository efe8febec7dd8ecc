package com.caly.telephony.exotel;

import com.caly.calls.CallId;
import com.caly.calls.CallReport;
import com.caly.calls.CallService;
import com.caly.calls.CallStatus;
import com.caly.calls.CompanyCallLimits;
import com.caly.calls.ProviderAnomaly;
import com.caly.recordings.RecordingUploads;
import com.caly.shared.TenantId;
import com.caly.telephony.PhoneNumberService;
import com.caly.tenants.TenantService;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each Exotel webhook does. Every event of a call is handled under a lock on its CallSid and recorded with
 * the answer given, so a retried delivery takes effect once and gets the same answer. Nothing slow happens here:
 * fetching a recording is handed to a listener that runs after the answer.
 */
@Service
class ExotelWebhookService {

    static final String PROVIDER = "exotel";
    private static final Logger log = LoggerFactory.getLogger(ExotelWebhookService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Event {
        CALL_START("call-start"),
        CALL_END("call-end"),
        RECORDING("recording"),
        AFTER_BOT("after-bot");

        final String path;

        Event(String path) {
            this.path = path;
        }

        static Optional<Event> ofPath(String path) {
            for (Event event : values()) {
                if (event.path.equals(path)) {
                    return Optional.of(event);
                }
            }
            return Optional.empty();
        }
    }

    private final JdbcClient jdbc;
    private final PhoneNumberService numbers;
    private final TenantService tenants;
    private final CallService calls;
    private final RecordingUploads uploads;
    private final ApplicationEventPublisher events;
    private final MediaSessionRegistry live;
    private final CompanyCallLimits limits;

    ExotelWebhookService(
            JdbcClient jdbc,
            PhoneNumberService numbers,
            TenantService tenants,
            CallService calls,
            RecordingUploads uploads,
            ApplicationEventPublisher events,
            MediaSessionRegistry live,
            CompanyCallLimits limits) {
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.tenants = tenants;
        this.calls = calls;
        this.uploads = uploads;
        this.events = events;
        this.live = live;
        this.limits = limits;
    }

    /**
     * Handles the event once; returns the HTTP status to answer with (200 or 302).
     *
     * @param onlyFor the company a company's webhook token confines the request to (empty for the deployment's
     *     token): a call of another company, or to another company's number, is refused with 403, unchanged
     */
    @Transactional
    int handle(Event event, String callSid, ExotelParameters parameters, Optional<TenantId> onlyFor) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "exotel-call:" + callSid)
                .query((rs, row) -> 1)
                .single();
        Optional<PhoneNumberService.Route> route = routeOf(callSid, parameters);
        if (onlyFor.isPresent() && route.isPresent() && !route.get().companyId().equals(onlyFor.get())) {
            log.warn(
                    "Exotel {} for {} came with the token of a company the call is not for; refused",
                    event.path,
                    callSid);
            throw ExotelWebhookGuard.forbidden();
        }
        Optional<Integer> earlier = jdbc.sql(
                        "select response_status from webhook_events where provider = :provider and call_sid = :sid and event = :event")
                .param("provider", PROVIDER)
                .param("sid", callSid)
                .param("event", event.path)
                .query(Integer.class)
                .optional();
        if (earlier.isPresent()) {
            log.info("Exotel {} for {} delivered again; answering as before", event.path, callSid);
            return earlier.get();
        }
        int status = switch (event) {
            case CALL_START -> callStart(callSid, parameters, route);
            case CALL_END -> callEnd(callSid, parameters, route);
            case RECORDING -> recording(callSid, parameters, route);
            case AFTER_BOT -> afterBot(callSid, route);
        };
        jdbc.sql("""
                        insert into webhook_events (provider, call_sid, event, company_id, response_status, payload)
                        values (:provider, :sid, :event, :company, :status, cast(:payload as jsonb))""")
                .param("provider", PROVIDER)
                .param("sid", callSid)
                .param("event", event.path)
                .param("company", route.map(r -> r.companyId().value()).orElse(null))
                .param("status", status)
                .param("payload", JSON.writeValueAsString(parameters.asMap()))
                .update();
        return status;
    }

    /** The company of a call: the one it was recorded for, else the owner of the dialled number. */
    private Optional<PhoneNumberService.Route> routeOf(String callSid, ExotelParameters parameters) {
        Optional<PhoneNumberService.Route> known = recordedRoute(callSid);
        if (known.isPresent()) {
            return known;
        }
        return dialledRoute(parameters);
    }

    /**
     * The owner of the number the call is for. Inbound, the dialled ExoPhone: {@code CallTo}, else {@code To} (which
     * on a Voicebot's dynamic URL can name another number than {@code CallTo}); outbound, the caller id.
     */
    Optional<PhoneNumberService.Route> dialledRoute(ExotelParameters parameters) {
        return direction(parameters).equals("outbound")
                ? numbers.routeAny(parameters.get("CallFrom"), parameters.get("From"))
                : numbers.routeAny(parameters.get("CallTo"), parameters.get("To"), parameters.get("DialWhomNumber"));
    }

    /** The company a call is recorded for, whoever reported it. */
    Optional<PhoneNumberService.Route> recordedRoute(String callSid) {
        return jdbc.sql(
                        "select company_id, phone_number_id, to_number from calls where provider = :provider and provider_call_sid = :sid")
                .param("provider", PROVIDER)
                .param("sid", callSid)
                .query((rs, row) -> new PhoneNumberService.Route(
                        new TenantId(rs.getObject("company_id", UUID.class)),
                        rs.getObject("phone_number_id", UUID.class),
                        rs.getString("to_number")))
                .optional();
    }

    private int callStart(String callSid, ExotelParameters parameters, Optional<PhoneNumberService.Route> route) {
        if (route.isEmpty()) {
            log.warn(
                    "Exotel call {} to a number no company has registered; sending it to the fallback branch", callSid);
            return 302;
        }
        if (!tenants.getCompany(route.get().companyId()).active()) {
            log.warn("Exotel call {} for a suspended company; sending it to the fallback branch", callSid);
            return 302;
        }
        if (live.atCapacity()) {
            // every call beyond capacity goes to a person at once, rather than all calls getting worse together
            var call = calls.record(report(callSid, parameters, route.get(), null));
            log.warn(
                    "Exotel call {} arrived with this instance at capacity; sending it to the fallback branch",
                    callSid);
            live.refused();
            calls.setEndReason(route.get().companyId(), call, "at_capacity", false);
            return 302;
        }
        // counted across every instance, under the company's lock until this webhook's transaction commits
        CompanyCallLimits.Admission admission = limits.admit(report(callSid, parameters, route.get(), null));
        if (!admission.admitted()) {
            log.warn(
                    "Exotel call {} is over its company's limit of {} live calls; sending it to the fallback branch",
                    callSid,
                    admission.limit());
            return 302;
        }
        return 200;
    }

    private int callEnd(String callSid, ExotelParameters parameters, Optional<PhoneNumberService.Route> route) {
        if (route.isEmpty()) {
            log.warn("Exotel call-end for {} of no known company; ignored", callSid);
            return 200;
        }
        CallStatus status = endStatus(parameters);
        calls.record(report(callSid, parameters, route.get(), status));
        return 200;
    }

    private int recording(String callSid, ExotelParameters parameters, Optional<PhoneNumberService.Route> route) {
        String url = parameters.get("RecordingUrl", "Stream[RecordingUrl]");
        if (route.isEmpty() || url == null) {
            return 200;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            log.warn("Exotel sent an unreadable RecordingUrl for {}", callSid);
            return 200;
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            return 200;
        }
        CallId call = calls.record(report(callSid, parameters, route.get(), null));
        if (calls.wasRefused(route.get().companyId(), call)) {
            // refused for the company's limit: a person took it in the provider's flow; we keep no recording
            return 200;
        }
        if (!uploads.hasOwnRecording(route.get().companyId(), call)) {
            events.publishEvent(new ExotelRecordingReady(route.get().companyId(), call, url));
        }
        return 200;
    }

    private int afterBot(String callSid, Optional<PhoneNumberService.Route> route) {
        if (route.isEmpty()) {
            return 302;
        }
        Optional<CallId> call = calls.findByProviderSid(route.get().companyId(), PROVIDER, callSid);
        // no record of the call, or the agent side asked for a person: connect a human
        return call.isEmpty() || calls.needsHuman(route.get().companyId(), call.get()) ? 302 : 200;
    }

    private CallReport report(
            String callSid, ExotelParameters parameters, PhoneNumberService.Route route, @Nullable CallStatus status) {
        // figures that are not a time or a number are noted; whether the rest are plausible is for calls to judge
        List<ProviderAnomaly> anomalies = new ArrayList<>();
        Instant startedAt =
                parameters.time(ProviderAnomaly.STARTED_AT, anomalies, "StartTime", "DateCreated", "Created");
        Instant endedAt = status == null ? null : parameters.time(ProviderAnomaly.ENDED_AT, anomalies, "EndTime");
        Long duration = status == null
                ? null
                : parameters.seconds(
                        ProviderAnomaly.DURATION, anomalies, "ConversationDuration", "Duration", "DialCallDuration");
        return new CallReport(
                route.companyId(),
                route.phoneNumberId(),
                PROVIDER,
                callSid,
                direction(parameters),
                number(parameters.get("CallFrom", "From")),
                number(parameters.get("CallTo", "To")),
                startedAt,
                null,
                endedAt,
                duration,
                status == null ? CallStatus.IN_PROGRESS : status,
                null,
                anomalies);
    }

    private @Nullable String number(@Nullable String raw) {
        return raw == null ? null : numbers.normalise(raw).orElse(raw.length() > 32 ? raw.substring(0, 32) : raw);
    }

    static String direction(ExotelParameters parameters) {
        String direction = parameters.get("Direction");
        return direction != null && direction.toLowerCase(Locale.ROOT).startsWith("outbound") ? "outbound" : "inbound";
    }

    /** Status (StatusCallback) or CallType (Passthru) mapped to the call's final status. */
    static CallStatus endStatus(ExotelParameters parameters) {
        String status = parameters.get("Status", "CallStatus", "CallType");
        if (status == null) {
            return CallStatus.COMPLETED;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "busy" -> CallStatus.BUSY;
            case "no-answer", "no_answer", "noanswer" -> CallStatus.NO_ANSWER;
            case "failed", "incomplete", "call-attempt" -> CallStatus.FAILED;
            case "canceled", "cancelled" -> CallStatus.CANCELED;
            default -> CallStatus.COMPLETED;
        };
    }

    /** Whether call-start refused this call for its company's limit: it gets no stream. */
    boolean refusedAtStart(TenantId company, String callSid) {
        return calls.findByProviderSid(company, PROVIDER, callSid)
                .map(call -> calls.wasRefused(company, call))
                .orElse(false);
    }
}
