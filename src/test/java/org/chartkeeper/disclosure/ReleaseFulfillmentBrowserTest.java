package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.chartkeeper.Browser;
import org.chartkeeper.BrowserTestSupport;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.Multipart;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A release-of-information specialist in a real browser, from intake to a delivered package: takes in a provider's
 * request, starts it, ticks a document, draws a redaction on its page, builds the package, makes a secure link and
 * records the delivery; the recipient's link opens a landing page; the disclosure is recorded.
 */
@IntegrationTest
class ReleaseFulfillmentBrowserTest extends BrowserTestSupport {

    @Autowired
    JdbcClient jdbc;

    void submit(By button) {
        Browser.clickAndWaitForNextPage(browser, button, Duration.ofSeconds(30));
    }

    void setValue(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)),
                value);
    }

    @Test
    void a_specialist_takes_a_request_from_intake_to_a_delivered_redacted_package() throws Exception {
        long patientId = jdbc.sql("select id from patient where not restricted and status = 'active' order by id"
                + " offset 340 rows fetch first 1 rows only").query(Long.class).single();
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(patientId).query(String.class).single();
        var uploaded = new Multipart().file("file", "referral.pdf", "application/pdf",
                        ReleasePackageTest.pdf("CONFIDENTIALWORD at the top of the page", "second page stays"))
                .field("typeCode", "outside-record").field("serviceAt", "2025-05-01")
                .post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        long documentId = Long.parseLong(uploaded.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1"));

        Browser.login(browser, port, "roi", "chartkeeper-demo");
        browser.get(url("/roi/requests/new"));
        browser.findElement(By.id("mrn")).sendKeys(mrn);
        submit(By.id("find-patient"));
        browser.findElement(By.id("patient-" + patientId)).click();
        setValue("receivedOn", LocalDate.now(ZoneOffset.UTC).toString());
        new Select(browser.findElement(By.id("requesterType"))).selectByValue("provider");
        browser.findElement(By.id("requesterName")).sendKeys("Lakeside Family Clinic");
        browser.findElement(By.id("purpose")).sendKeys("continuing care");
        new Select(browser.findElement(By.id("delivery"))).selectByValue("secure-download");
        // a provider's request passes once the provider is verified and treats the patient
        browser.findElement(By.name("identityVerified")).click();
        browser.findElement(By.id("fact-treating-relationship")).click();
        submit(By.id("save-request"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("received");
        submit(By.id("start"));
        browser.findElement(By.id("fulfillment-link")).click();
        assertThat(browser.findElement(By.id("minimum-necessary")).getText()).contains("does not apply");

        // tick the document and save the selection
        browser.findElement(By.id("pick-" + documentId)).click();
        submit(By.id("save-selection"));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("1 document(s) selected");

        // draw a region over the top of page 1 on the page image
        browser.findElement(By.id("redact-" + documentId)).click();
        WebElement canvas = browser.findElement(By.id("redact-canvas"));
        // the canvas takes the page image's size once the image has loaded
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("var i = document.getElementById('page-image'); return i.complete && i.naturalWidth > 0"
                        + " && document.getElementById('redact-canvas').width === i.clientWidth;")));
        // offsets are from the centre of the canvas's visible part: scroll its top into view, then start near its corner
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true)", canvas);
        int w = canvas.getSize().getWidth();
        long visible = Math.min(canvas.getSize().getHeight(), (Long) ((JavascriptExecutor) browser)
                .executeScript("return window.innerHeight"));
        new Actions(browser).moveToElement(canvas, -w / 2 + 4, (int) (-visible / 2 + 4)).clickAndHold()
                .moveByOffset(w - 10, 160).release().perform();
        assertThat(browser.findElement(By.id("region-text")).getText()).startsWith("Region marked");
        browser.findElement(By.id("region-reason")).sendKeys("not part of the request");
        submit(By.id("redact-region"));
        assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("Region marked");
        browser.findElement(By.id("back")).click();

        // build, link, deliver
        submit(By.id("build-package"));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("built");
        assertThat(browser.findElement(By.id("stage")).getText()).isEqualTo("package built");
        String bates = browser.findElement(By.id("bates")).getText();
        assertThat(bates).matches("CK-ROI-\\d+-000001 to CK-ROI-\\d+-\\d{6}");
        submit(By.id("make-link"));
        String link = browser.findElement(By.cssSelector("#issued-link code")).getText();
        assertThat(link).startsWith("/release/download/");
        new Select(browser.findElement(By.id("method"))).selectByValue("secure-download");
        submit(By.id("deliver"));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("disclosure is recorded");
        assertThat(browser.findElement(By.id("stage")).getText()).isEqualTo("delivered");
        assertThat(browser.findElement(By.id("request-status")).getText()).isEqualTo("completed");
        assertThat(browser.findElement(By.id("invoice-total")).getText()).isEqualTo("0.00 USD");

        // the disclosure is on file for the accounting, and the package has the region burned out
        long requestId = jdbc.sql("select max(id) from roi_request where patient_id = ?").param(patientId)
                .query(Long.class).single();
        assertThat(jdbc.sql("select count(*) from disclosure where request_id = ? and recipient_name ="
                + " 'Lakeside Family Clinic'").param(requestId).query(Long.class).single()).isEqualTo(1);
        var pdf = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url("/api/roi/requests/" + requestId + "/package.pdf")))
                .header("Authorization", "Bearer demo-roi").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        String text = ReleasePackageTest.text(pdf.body());
        assertThat(text).doesNotContain("CONFIDENTIALWORD").contains("second page stays");

        // the recipient's link opens a landing page that names no patient
        browser.get(url(link));
        assertThat(browser.findElement(By.id("download")).getText()).isEqualTo("Download the records");
        String family = jdbc.sql("select family_name from patient where id = ?").param(patientId).query(String.class)
                .single();
        assertThat(browser.getPageSource()).doesNotContain(family);
    }
}
