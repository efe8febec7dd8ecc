package com.caly.telephony;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import com.caly.shared.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A company's Exotel numbers; inbound calls to them are answered for the company. */
@RestController
@RequestMapping("/api/phone-numbers")
class PhoneNumberController {

    private final PhoneNumberService numbers;

    PhoneNumberController(PhoneNumberService numbers) {
        this.numbers = numbers;
    }

    @Operation(summary = "Register an Exotel number for the company (owners and admins)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @ProblemResponse(status = 409, description = "The number is registered already")
    PhoneNumberView register(CurrentUser user, @Valid @RequestBody RegisterNumber request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return PhoneNumberView.of(numbers.register(user.companyId(), request.number(), request.label()));
    }

    @Operation(summary = "The company's numbers (owners and admins)")
    @GetMapping
    List<PhoneNumberView> list(CurrentUser user) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return numbers.list(user.companyId()).stream().map(PhoneNumberView::of).toList();
    }

    @Operation(summary = "Remove a number (owners and admins)")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(CurrentUser user, @PathVariable UUID id) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        numbers.remove(user.companyId(), id);
    }

    record RegisterNumber(
            @NotBlank @Size(max = 32) String number,
            @Nullable @Size(max = 100) String label) {}

    record PhoneNumberView(
            String id, String number, @Nullable String label, Instant createdAt) {
        static PhoneNumberView of(PhoneNumber number) {
            return new PhoneNumberView(number.id().toString(), number.e164(), number.label(), number.createdAt());
        }
    }
}
