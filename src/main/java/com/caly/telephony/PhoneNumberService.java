package com.caly.telephony;

import com.caly.shared.TenantId;
import com.caly.shared.web.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A company's numbers, and which company a dialled number belongs to. */
@Service
public class PhoneNumberService {

    private final PhoneNumbers numbers;
    private final PhoneNumberFormat format;
    private final TelephonyProperties properties;
    private final JdbcClient jdbc;

    PhoneNumberService(PhoneNumbers numbers, TelephonyProperties properties, JdbcClient jdbc) {
        this.numbers = numbers;
        this.format = new PhoneNumberFormat(properties.defaultCountryCode());
        this.properties = properties;
        this.jdbc = jdbc;
    }

    public Optional<String> normalise(@Nullable String number) {
        return number == null ? Optional.empty() : format.toE164(number.replace("\"", ""));
    }

    PhoneNumber register(TenantId companyId, String number, @Nullable String label) {
        String e164 = normalise(number)
                .orElseThrow(() -> ApiException.badRequest(
                                "invalid-phone-number", "Invalid phone number", "Not a phone number: " + number)
                        .with(
                                "errors",
                                List.of(java.util.Map.of("field", "number", "message", "is not a phone number"))));
        try {
            return numbers.insert(companyId, e164, label);
        } catch (DuplicateKeyException e) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "phone-number-taken",
                    "Number already registered",
                    "This number is already registered; a number belongs to one company at a time");
        }
    }

    List<PhoneNumber> list(TenantId companyId) {
        return numbers.findAll(companyId);
    }

    void remove(TenantId companyId, UUID id) {
        if (!numbers.delete(companyId, id)) {
            throw ApiException.notFound("phone-number-not-found", "The phone number");
        }
    }

    /**
     * The company an inbound call to this number is for: the one that registered it, or, in a single-company
     * installation, the only company when the number is EXOTEL_PHONE_NUMBER.
     */
    public Optional<Route> route(@Nullable String dialled) {
        Optional<String> e164 = normalise(dialled);
        if (e164.isEmpty()) {
            return Optional.empty();
        }
        Optional<PhoneNumber> registered = numbers.findByNumber(e164.get());
        if (registered.isPresent()) {
            return registered.map(n -> new Route(n.companyId(), n.id(), n.e164()));
        }
        Optional<String> fallback = normalise(properties.exotel().phoneNumber());
        if (fallback.isPresent() && fallback.get().equals(e164.get())) {
            List<java.util.UUID> companies = jdbc.sql("select id from clients where status = 'active' limit 2")
                    .query(java.util.UUID.class)
                    .list();
            if (companies.size() == 1) {
                return Optional.of(new Route(new TenantId(companies.get(0)), null, e164.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The route of the first of the numbers that has one: providers name the number a call came to in more than
     * one field, and not every field holds it on every call.
     */
    public Optional<Route> routeAny(@Nullable String... candidates) {
        for (String candidate : candidates) {
            Optional<Route> route = route(candidate);
            if (route.isPresent()) {
                return route;
            }
        }
        return Optional.empty();
    }

    /** Where an inbound call goes. */
    public record Route(TenantId companyId, @Nullable UUID phoneNumberId, String number) {}
}
