package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.chartkeeper.Browser;
import org.chartkeeper.BrowserTestSupport;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * In a real browser: the ROI specialist takes in a request to amend by choosing the patient's document, and the
 * author, Dr. Jones, accepts it on the decision page; the chart then shows the original as amended.
 */
@IntegrationTest
class AmendmentDecisionBrowserTest extends BrowserTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void intake_by_choosing_the_document_then_the_author_accepts_and_the_chart_shows_the_amendment() {
        Map<String, Long> doc = jdbc.sql("select d.id, d.patient_id from document d join provider p on p.id = d.author_provider_id"
                        + " join app_user u on u.id = p.user_id join patient pt on pt.id = d.patient_id"
                        + " where u.username = 'drjones' and d.status = 'signed' and d.parent_id is null and not pt.restricted"
                        + " and d.id not in (select document_id from amendment_request)"
                        + " and exists (select 1 from encounter e where e.patient_id = d.patient_id and e.attending_provider_id = p.id)"
                        + " order by d.id desc fetch first 1 rows only")
                .query((rs, n) -> Map.of("document", rs.getLong(1), "patient", rs.getLong(2))).single();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        String base = "http://localhost:" + port;

        Browser.login(browser, port, "roi", "chartkeeper-demo");
        browser.get(base + "/roi/amendments");
        browser.findElement(By.id("find-patient")).sendKeys(String.valueOf(doc.get("patient")));
        browser.findElement(By.id("show-documents")).click();
        wait.until(d -> !d.findElements(By.id("documentId")).isEmpty());
        new Select(browser.findElement(By.id("documentId"))).selectByValue(String.valueOf(doc.get("document")));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('receivedOn').value = arguments[0]", today);
        browser.findElement(By.id("requestedBy")).sendKeys("The patient");
        browser.findElement(By.id("whatIsWrong")).sendKeys("The note gives my weight as 95 kg; it was 59 kg.");
        browser.findElement(By.id("proposedChange")).sendKeys("Correct the weight to 59 kg.");
        browser.findElement(By.id("take-in-amendment")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*/roi/amendments/\\d+$"));
        assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("routed to Dr. Michael Jones");
        String id = browser.getCurrentUrl().replaceAll(".*/", "");
        browser.manage().deleteAllCookies();

        Browser.login(browser, port, "drjones", "chartkeeper-demo");
        browser.get(base + "/amendments/" + id);
        assertThat(browser.findElement(By.id("what-is-wrong")).getText()).contains("95 kg");
        browser.findElement(By.id("amendmentText")).sendKeys("Weight corrected: 59 kg (transcription error).");
        browser.findElement(By.id("accept")).click();
        wait.until(d -> !d.findElements(By.id("amendment-document")).isEmpty());
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("accepted");
        browser.findElement(By.id("amendment-document")).click();
        wait.until(d -> d.getPageSource().contains("Weight corrected: 59 kg"));
        browser.get(base + "/patients/" + doc.get("patient") + "/record/" + doc.get("document"));
        assertThat(browser.findElement(By.id("amended-notice")).isDisplayed()).isTrue();
    }
}
