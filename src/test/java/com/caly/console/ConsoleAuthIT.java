package com.caly.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.caly.support.ApiClient;
import com.caly.support.ConsoleBrowser;
import com.caly.support.ConsoleBrowserExtension;
import com.caly.support.IntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The console's sign-up, verification, sign-in and sign-out in a real browser, with its refresh cookie. */
@ExtendWith(ConsoleBrowserExtension.class)
class ConsoleAuthIT extends IntegrationTest {

    private static final String PASSWORD = "Quiet-Harbour-Lanterns-73";
    private static final By TOP_NAV = By.id("top");

    @Test
    void signsUpVerifiesStaysSignedInAcrossAReloadAndSignsOut(ConsoleBrowser browser) {
        String email = uniqueEmail("console-signup");

        browser.open("/sign-up");
        browser.waitForScreen("Create your account");
        browser.screenshot("sign-up");
        WebElement signUp = browser.form("Sign up");
        browser.fill(signUp, "companyName", "Lantern Goods");
        browser.fill(signUp, "fullName", "Mira Sen");
        browser.fill(signUp, "email", email);
        browser.fill(signUp, "password", PASSWORD);
        browser.submit(signUp);

        browser.waitForRoute("/verify?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
        browser.waitForScreen("Check your e-mail");
        browser.screenshot("verify");
        WebElement verify = browser.form("Verify e-mail");
        assertThat(verify.findElement(By.name("email")).getDomProperty("value")).isEqualTo(email);
        browser.fill(verify, "code", awaitCode(email, 1));
        browser.submit(verify);

        signedInAs(browser, email);
        Map<String, Object> cookie = refreshCookie(browser);
        assertThat(cookie)
                .containsEntry("httpOnly", true)
                .containsEntry("secure", true)
                .containsEntry("sameSite", "Strict")
                .containsEntry("path", "/api/auth/refresh");

        // The access token lived in the page's memory only: after a reload the cookie brings a new one.
        browser.reload();
        signedInAs(browser, email);
        assertThat(refreshCookie(browser).get("value"))
                .as("the refresh rotated the cookie")
                .isNotEqualTo(cookie.get("value"));
        assertThat((String) browser.script("return document.cookie;")).doesNotContain("caly_refresh");

        browser.waitForVisible(By.id("sign-out")).click();
        browser.waitForScreen("Sign in");
        browser.waitForInvisible(TOP_NAV);
        assertThat(refreshCookie(browser)).as("sign-out clears the cookie").isNull();

        browser.reload();
        browser.waitForRoute("/sign-in");
        browser.waitForScreen("Sign in");
        assertThat(browser.driver().findElement(TOP_NAV).isDisplayed()).isFalse();
    }

    @Test
    void showsTheProblemOfAWrongPasswordThenSignsIn(ConsoleBrowser browser) {
        String email = verifiedAccount("console-signin");
        browser.expectFailure(401, "/api/auth/login");

        browser.open("/sign-in");
        browser.waitForScreen("Sign in");
        browser.screenshot("sign-in");
        WebElement form = browser.form("Sign in");
        browser.fill(form, "email", email);
        browser.fill(form, "password", "not-the-password-at-all");
        browser.submit(form);

        WebElement problem = browser.waitForVisible(By.cssSelector("form[aria-label='Sign in'] .form-error"));
        assertThat(problem.getText()).containsIgnoringCase("password");
        assertThat(problem.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.route()).isEqualTo("/sign-in");
        assertThat(browser.driver().findElement(TOP_NAV).isDisplayed()).isFalse();
        browser.screenshot("sign-in-wrong-password");

        browser.fill(form, "password", PASSWORD);
        browser.submit(form);
        signedInAs(browser, email);
        assertThat(refreshCookie(browser)).containsEntry("httpOnly", true);
    }

    @Test
    void showsAWeakPasswordBesideThePasswordField(ConsoleBrowser browser) {
        browser.expectFailure(400, "/api/auth/register");

        browser.open("/sign-up");
        WebElement form = browser.form("Sign up");
        browser.fill(form, "companyName", "Weak Password Traders");
        browser.fill(form, "email", uniqueEmail("console-weak"));
        browser.fill(form, "password", "short");
        browser.submit(form);

        WebElement field = browser.waitForVisible(By.cssSelector("form[aria-label='Sign up'] [data-field=password]"));
        WebElement error = browser.waitForVisible(By.cssSelector("[data-field=password] .field-error"));
        assertThat(error.getText()).isNotBlank();
        assertThat(field.findElement(By.name("password")).getAttribute("aria-describedby"))
                .contains(error.getAttribute("id"));
        assertThat(form.findElements(By.cssSelector("[data-field]:not([data-field=password]) .field-error")))
                .allSatisfy(other -> assertThat(other.isDisplayed()).isFalse());
        assertThat(browser.route()).isEqualTo("/sign-up");
        browser.screenshot("sign-up-weak-password");
    }

    private static void signedInAs(ConsoleBrowser browser, String email) {
        browser.waitForVisible(TOP_NAV);
        browser.waitUntil(d -> d.findElement(By.id("who")).getText().contains(email));
        browser.waitForRoute("/start");
    }

    /** The refresh cookie as the browser keeps it (the page cannot see it: it is sent to the refresh path only). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> refreshCookie(ConsoleBrowser browser) {
        Map<String, Object> answer = browser.driver()
                .executeCdpCommand(
                        "Network.getCookies", Map.of("urls", List.of(browser.baseUrl() + "/api/auth/refresh")));
        return ((List<Map<String, Object>>) answer.get("cookies"))
                .stream()
                        .filter(cookie -> "caly_refresh".equals(cookie.get("name")))
                        .findFirst()
                        .orElse(null);
    }

    private String verifiedAccount(String name) {
        String email = uniqueEmail(name);
        ApiClient.Response registered = api.post(
                "/api/auth/register",
                ApiClient.json(Map.of("companyName", "Sign-in Traders", "email", email, "password", PASSWORD)));
        assertThat(registered.status()).isEqualTo(202);
        ApiClient.Response verified =
                api.post("/api/auth/verify-email", ApiClient.json(Map.of("email", email, "code", awaitCode(email, 1))));
        assertThat(verified.status()).isEqualTo(200);
        return email;
    }
}
