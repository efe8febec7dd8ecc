package com.caly.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.calls.CallFixtures;
import com.caly.support.ConsoleBrowser;
import com.caly.support.ConsoleBrowserExtension;
import com.caly.support.IntegrationTest;
import com.caly.support.TenantFixture;
import com.caly.tenants.TenantService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Every screen of the console, for an owner and for a member, at 1280x800 and 390x844: each shows its data with no
 * console error and no failed request (the extension checks both after each test), and leaves its screenshots in
 * target/console-screenshots.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class ConsoleScreensIT extends IntegrationTest {

    @Autowired
    TenantService tenants;

    @Autowired
    PasswordEncoder passwordEncoder;

    private TenantFixture.Company company;
    private UUID call;

    /** A screen: its route, its heading and what shows once its data is there. */
    record Screen(String name, String route, String heading, By ready) {}

    @BeforeEach
    void aCompanyWithACall() {
        company = new TenantFixture(tenants, passwordEncoder).company(api, "Screens Textiles");
        CallFixtures calls = new CallFixtures(jdbc);
        Instant started = Instant.now().minus(Duration.ofHours(2));
        call = calls.call(company.id(), started)
                .intent("return_request")
                .sentiment("neutral")
                .summary("The caller wanted to return a kurta of the wrong size; a return was filed.")
                .escalated()
                .insert();
        calls.utterance(company.id(), call, 0, "agent", "Namaste, Screens Textiles here. How can I help?", 0, 2_400);
        calls.utterance(
                company.id(), call, 1, "caller", "I want to return order A1, it is the wrong size.", 3_000, 6_000);
        calls.utterance(company.id(), call, 2, "agent", "I have filed a return for order A1.", 6_800, 9_500);
        calls.action(company.id(), call, "lookup_order", "ok", 240, started.plusSeconds(7));
        calls.returnRequest(company.id(), call, "return", "requested", started.plusSeconds(9));
        calls.escalation(company.id(), call, "The caller asked for a person", started.plusSeconds(20));
    }

    private List<Screen> screens() {
        return List.of(
                new Screen("start", "/start", "Get started", By.cssSelector("#checklist li")),
                new Screen("agent", "/agent", "Agent", By.cssSelector("#agent-form, main a.button")),
                new Screen("test-call", "/test-call", "Test call", By.id("start-call")),
                new Screen("calls", "/calls", "Calls", By.cssSelector("a.call-link[data-call-id='" + call + "']")),
                new Screen("call", "/call/" + call, null, By.cssSelector("#transcript li[data-sequence]")),
                new Screen("live", "/live", "Live calls", By.id("live-empty")),
                new Screen(
                        "escalations",
                        "/escalations",
                        "Escalations",
                        By.cssSelector("li.queue-item [data-role=\"handoff-brief\"] [data-role=\"brief-intent\"]")),
                new Screen("returns", "/returns", "Returns", By.cssSelector("li.queue-item")),
                new Screen("analytics", "/analytics", "Analytics", By.cssSelector("#kpis [data-kpi=calls]")),
                new Screen("billing", "/billing", "Billing", By.id("usage-total")),
                new Screen(
                        "team", "/team", "Team", By.cssSelector("#team-members tr[data-member-id], #team-read-only")),
                new Screen("keys", "/keys", "API keys", By.cssSelector("main .screen-head + *")),
                new Screen(
                        "webhooks", "/webhooks", "Webhooks", By.cssSelector("#webhooks-empty, #webhooks-read-only")));
    }

    @Test
    void everyScreenShowsItsDataToAnOwnerAtBothSizes(ConsoleBrowser browser) {
        signIn(browser, company.owner());
        for (Screen screen : screens()) {
            show(browser, screen);
            browser.screenshot(screen.name());
        }
    }

    @Test
    void everyScreenShowsToAMemberWithoutAnError(ConsoleBrowser browser) {
        signIn(browser, company.member());
        for (Screen screen : screens()) {
            show(browser, screen);
        }
        browser.screenshot("member-team");
    }

    @Test
    void theMenuOpensOnAPhoneAndEveryControlHasALabel(ConsoleBrowser browser) {
        signIn(browser, company.owner());
        browser.phone();
        show(browser, screens().get(1));
        WebElement toggle = browser.waitForVisible(By.id("menu-toggle"));
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
        toggle.click();
        browser.waitForVisible(By.cssSelector("#nav a[href='#/calls']"));
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        for (Screen screen : screens()) {
            show(browser, screen);
            Object unlabelled =
                    browser.script("return [...document.querySelectorAll('main input, main select, main textarea')]"
                            + ".filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length)"
                            + " && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))"
                            + ".map(el => el.name || el.id || el.outerHTML.slice(0, 80));");
            assertThat((List<?>) unlabelled)
                    .as("controls without a label on %s", screen.route())
                    .isEmpty();
            Object wider = browser.script(
                    "return [...document.querySelectorAll('body *')]"
                            + ".filter(el => el.getBoundingClientRect().right > arguments[0] + 1"
                            + " && !el.closest('.table-wrap, .visually-hidden, [hidden]'))"
                            + ".map(el => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className"
                            + " + ' ' + Math.round(el.getBoundingClientRect().right));",
                    ConsoleBrowser.PHONE.width);
            assertThat((List<?>) wider)
                    .as("what is wider than the phone on %s", screen.route())
                    .isEmpty();
        }
        browser.desktop();
    }

    private static void show(ConsoleBrowser browser, Screen screen) {
        browser.open(screen.route());
        if (screen.heading() != null) {
            browser.waitForScreen(screen.heading());
        }
        browser.waitForVisible(screen.ready());
    }

    private static void signIn(ConsoleBrowser browser, TenantFixture.User user) {
        browser.open("/sign-in");
        WebElement form = browser.form("Sign in");
        browser.fill(form, "email", user.email());
        browser.fill(form, "password", TenantFixture.PASSWORD);
        browser.submit(form);
        browser.waitForScreen("Get started");
    }
}
