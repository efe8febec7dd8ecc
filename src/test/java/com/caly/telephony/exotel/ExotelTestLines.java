package com.caly.telephony.exotel;

import com.caly.support.ApiClient;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Companies with an ExoPhone of their own, fresh call ids, and waiting for what happens after an answer. */
public final class ExotelTestLines {

    private ExotelTestLines() {}

    /** A company and the number (in the national form 080…) it registered through the API. */
    public record Line(TenantFixture.Company company, String exophone) {

        public String e164() {
            return "+91" + exophone.substring(1);
        }
    }

    public static Line companyWithNumber(TenantService tenants, PasswordEncoder encoder, ApiClient api, String name) {
        TenantFixture.Company company = new TenantFixture(tenants, encoder).company(api, name);
        // a number no other test uses: 080 and eight random digits
        String exophone =
                "080" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 100_000_000L));
        ApiClient.Response registered = api.post(
                "/api/phone-numbers",
                ApiClient.json(Map.of("number", exophone)),
                "Authorization",
                company.owner().bearer());
        if (registered.status() != 201) {
            throw new IllegalStateException("could not register " + exophone + ": " + registered);
        }
        return new Line(company, exophone);
    }

    public static String newCallSid() {
        return "c" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Polls until the value satisfies the condition or the time is up; returns the last value seen. */
    public static <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = probe.get();
        }
        return value;
    }
}
