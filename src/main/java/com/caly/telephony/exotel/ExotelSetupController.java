package com.caly.telephony.exotel;

import com.caly.shared.CurrentUser;
import com.caly.shared.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Exotel URLs of the caller's company, for its owners and admins to paste into their flows (see
 * docs/exotel-setup.md). The token in them is the company's own: good only for its numbers and calls.
 */
@RestController
class ExotelSetupController {

    private final ExotelSetup setup;

    ExotelSetupController(ExotelSetup setup) {
        this.setup = setup;
    }

    @GetMapping("/api/exotel/setup")
    ExotelSetup.Urls urls(CurrentUser user, HttpServletRequest request) {
        user.requireAnyRole(Role.OWNER, Role.ADMIN);
        return setup.forCompany(user.companyId(), setup.base(request));
    }
}
