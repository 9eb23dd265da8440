package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.chartkeeper.Browser;
import org.chartkeeper.BrowserTestSupport;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An HIM technician indexes a scanned batch in a real browser: upload, split, assign page by page, file. */
@IntegrationTest
class ScanIndexingBrowserTest extends BrowserTestSupport {

    @Autowired
    JdbcClient jdbc;

    void index(int doc, String mrn, String type, String date) {
        browser.findElement(By.id("mrn-" + doc)).clear();
        browser.findElement(By.id("mrn-" + doc)).sendKeys(mrn);
        new Select(browser.findElement(By.id("type-" + doc))).selectByValue(type);
        WebElement dateInput = browser.findElement(By.id("date-" + doc));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", dateInput, date);
        submit(By.id("index-" + doc));
        assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("indexed");
    }

    /** Clicks a form's button and waits until the page it posted from is gone (the redirect has landed). */
    void submit(By button) {
        Browser.clickAndWaitForNextPage(browser, button, Duration.ofSeconds(20));
    }

    @Test
    void a_technician_splits_a_scanned_batch_indexes_each_document_and_files_it_into_the_chart() throws Exception {
        Path scan = Files.createTempFile("scan-", ".pdf");
        Files.write(scan, RecordFixtures.pdf("Referral letter from Dr. Oak", "Outside MRI report: lumbar stenosis",
                "MRI impression continued"));
        long patientId = RecordFixtures.notInCareOf(jdbc, "drjones");
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(patientId).query(String.class).single();

        Browser.login(browser, port, "him", "chartkeeper-demo");
        browser.findElement(By.id("nav-scanning")).click();
        browser.findElement(By.id("name")).sendKeys("Front desk scans");
        browser.findElement(By.id("files")).sendKeys(scan.toAbsolutePath().toString());
        browser.findElement(By.id("upload-batch")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().matches(".*/record/scans/\\d+$"));
        assertThat(browser.findElement(By.id("batch-status")).getText()).isEqualTo("Waiting for indexing");
        assertThat(browser.findElements(By.cssSelector("section.scan-doc"))).hasSize(1);
        // the page previews are real images rendered from the stored, verified pages
        // (the image loads after the page: wait for it rather than read it at once)
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "var i = document.querySelector('#page-1 img'); return i && i.complete ? i.naturalWidth : 0")).intValue() > 0);

        submit(By.id("split-2"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("section.scan-doc")).size() == 2);
        assertThat(browser.findElement(By.id("file-batch")).isEnabled()).isFalse();

        index(1, mrn, "correspondence", "2024-03-01");
        assertThat(browser.findElement(By.id("patient-1")).getText()).contains(mrn);
        index(2, mrn, "radiology-report", "2024-02-27");
        submit(By.id("file-batch"));
        assertThat(browser.findElement(By.id("batch-status")).getText()).isEqualTo("Filed");
        assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("2 document(s)");

        browser.findElement(By.id("filed-doc-2")).click();
        assertThat(browser.findElement(By.id("document-title")).getText()).isEqualTo("Radiology report (scanned)");
        assertThat(browser.findElement(By.id("document-file")).getText()).contains("2 page(s)");
        browser.findElement(By.id("back-to-record")).click();
        browser.findElement(By.id("q")).sendKeys("stenosis");
        browser.findElement(By.id("filter-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("record-count")).getText().startsWith("1 "));
        assertThat(browser.findElement(By.id("record-table")).getText()).contains("Radiology report (scanned)");
        Files.deleteIfExists(scan);
    }
}
