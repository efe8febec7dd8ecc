package com.caly.calls;

import com.caly.shared.CurrentUser;
import com.caly.shared.query.Page;
import java.util.UUID;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The company's call history and each call's full record. */
@RestController
@RequestMapping("/api/calls")
class CallController {

    private final CallHistory history;

    CallController(CallHistory history) {
        this.history = history;
    }

    @GetMapping
    Page<CallViews.CallItem> list(CurrentUser user, @RequestParam MultiValueMap<String, String> query) {
        return history.list(user.companyId(), CallFilter.from(query));
    }

    @GetMapping("/{id}")
    CallViews.CallDetail detail(CurrentUser user, @PathVariable UUID id) {
        return history.detail(user.companyId(), id);
    }
}
