package org.chartkeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import java.util.Set;
import org.chartkeeper.Browser;
import org.chartkeeper.BrowserTestSupport;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.security.UserService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What a person does in a real browser (headless Chromium). */
@IntegrationTest
class BrowserFlowsTest extends BrowserTestSupport {

    @Autowired
    UserService users;

    @Autowired
    JdbcClient jdbc;

    @Test
    void a_user_signs_in_and_lands_on_their_home_page_under_the_DEMO_banner() {
        Browser.login(browser, port, "him", "chartkeeper-demo");
        assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Hannah Ibarra");
        assertThat(browser.findElement(By.id("demo-banner")).getText()).contains("DEMO");
    }

    @Test
    void a_wrong_password_shows_an_error_and_does_not_sign_in() {
        Browser.login(browser, port, "him", "not-my-password");
        assertThat(browser.getCurrentUrl()).contains("/login");
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Invalid username or password");
    }

    @Test
    void a_page_outside_the_users_permissions_is_refused_and_the_refusal_is_audited() {
        long before = jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
        Browser.login(browser, port, "coder", "chartkeeper-demo");
        browser.get(url("/admin/users"));
        assertThat(browser.findElement(By.id("error-message")).getText()).contains("does not permit");
        long refusals = jdbc.sql("select count(*) from audit_event where seq > ? and username = 'coder' and outcome = 'DENIED'"
                + " and resource_id = 'GET /admin/users'").param(before).query(Long.class).single();
        assertThat(refusals).isEqualTo(1);
    }

    @Test
    void a_user_enrols_an_authenticator_by_QR_code_and_is_then_asked_for_a_code_at_sign_in() throws Exception {
        String username = "mfa" + System.nanoTime() % 1_000_000;
        users.create(username, "Morgan Fa", "correct-horse-battery", Set.of("him"), false, Actor.system("test"));

        Browser.login(browser, port, username, "correct-horse-battery");
        browser.get(url("/account/mfa"));
        assertThat(browser.findElement(By.id("mfa-qr")).getAttribute("src")).startsWith("data:image/png;base64,");
        String secret = browser.findElement(By.id("mfa-secret")).getText();
        browser.findElement(By.id("code")).sendKeys(totp(secret));
        browser.findElement(By.id("confirm-mfa")).click();
        awaitUrl(url("/"));

        browser.manage().deleteAllCookies();
        Browser.login(browser, port, username, "correct-horse-battery");
        assertThat(browser.getCurrentUrl()).as(() -> browser.getPageSource()).isEqualTo(url("/mfa/verify"));
        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).as("nothing but the code page until the code is given").isEqualTo(url("/mfa/verify"));
        browser.findElement(By.id("code")).sendKeys("000000".equals(totp(secret)) ? "111111" : "000000");
        browser.findElement(By.id("verify")).click();
        assertThat(browser.findElement(By.cssSelector(".notice.error")).getText()).contains("not right");
        browser.findElement(By.id("code")).sendKeys(totp(secret));
        browser.findElement(By.id("verify")).click();
        awaitUrl(url("/"));
    }

    @Test
    void a_physician_breaks_the_glass_with_a_reason_and_the_privacy_officer_sees_it_for_review() {
        long drjones = jdbc.sql("select id from app_user where username = 'drjones'").query(Long.class).single();
        long patientId = jdbc.sql("select min(p.id) from patient p where not p.restricted and not exists (select 1 from encounter e"
                + " join provider v on v.id = e.attending_provider_id where e.patient_id = p.id and v.user_id = ?)"
                + " and not exists (select 1 from break_glass_grant g where g.patient_id = p.id)")
                .param(drjones).query(Long.class).single();

        Browser.login(browser, port, "drjones", "chartkeeper-demo");
        browser.get(url("/patients/" + patientId));
        assertThat(browser.findElement(By.id("access-refused")).getText()).contains("not permitted");
        browser.findElement(By.id("reason")).sendKeys("Unresponsive in the ED; need medication history now");
        browser.findElement(By.cssSelector("#break-glass-form button[type=submit]")).click();
        awaitUrl(url("/patients/" + patientId));
        assertThat(browser.findElement(By.id("emergency-access")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("patient-name")).getText()).isNotBlank();

        String reason = jdbc.sql("select reason from audit_event where action = 'EMERGENCY_ACCESS' and username = 'drjones'"
                + " and patient_id = ? order by seq desc limit 1").param(patientId).query(String.class).single();
        assertThat(reason).isEqualTo("Unresponsive in the ED; need medication history now");

        browser.manage().deleteAllCookies();
        Browser.login(browser, port, "privacy", "chartkeeper-demo");
        browser.get(url("/queues/breakglass-review"));
        assertThat(browser.getPageSource()).contains(String.valueOf(patientId));
    }

    @Test
    void a_chart_view_shows_up_in_the_patients_access_report_and_the_audit_report() {
        long patientId = jdbc.sql("select max(id) from patient where not restricted").query(Long.class).single();
        Browser.login(browser, port, "roi", "chartkeeper-demo");
        browser.get(url("/patients/" + patientId));
        assertThat(browser.findElement(By.id("patient-name")).getText()).isNotBlank();

        browser.manage().deleteAllCookies();
        Browser.login(browser, port, "privacy", "chartkeeper-demo");
        browser.get(url("/patients/" + patientId + "/access-report"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("roi");

        browser.get(url("/audit/events"));
        browser.findElement(By.id("username")).sendKeys("roi");
        browser.findElement(By.cssSelector("#audit-filter button[type=submit]")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class) // htmx swaps the table in
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(By.id("audit-events")).getText().contains(String.valueOf(patientId)));
        assertThat(browser.getCurrentUrl()).as("filters are posted, not put in the address").doesNotContain("username=");
    }

    void awaitUrl(String expected) {
        try {
            new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).isEqualTo(expected);
        }
    }

    static String totp(String secret) throws Exception {
        return new DefaultCodeGenerator(HashingAlgorithm.SHA1).generate(secret, System.currentTimeMillis() / 1000 / 30);
    }
}
