package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.chartkeeper.Api;
import org.chartkeeper.Browser;
import org.chartkeeper.BrowserTestSupport;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A coder works an encounter from the coding queue to final coding in a real browser: opens it from the queue, reads
 * the highlighted evidence, accepts a suggestion, adds a code by search, reorders (button, then keyboard), finalizes;
 * the queue shrinks.
 */
@IntegrationTest
class CodingFromQueueBrowserTest extends BrowserTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void from_the_queue_to_final_coding_with_a_suggestion_a_searched_code_and_a_reorder() {
        OffsetDateTime discharge = OffsetDateTime.now(ZoneOffset.UTC).minusDays(4200).minusHours(12);
        long other = CodingFixtures.encounter(jdbc, "OUTPATIENT", discharge.minusHours(3), discharge.minusHours(1));
        long encounter = CodingFixtures.encounter(jdbc, "OUTPATIENT", discharge.minusHours(2), discharge);
        long patient = jdbc.sql("select patient_id from encounter where id = ?").param(encounter).query(Long.class).single();
        long author = jdbc.sql("select min(id) from provider").query(Long.class).single();
        var doc = Api.as(port, "him").post("/api/patients/" + patient + "/documents", "{\"encounterId\": " + encounter
                + ", \"typeCode\": \"progress-note\", \"authorProviderId\": " + author + ", \"body\": "
                + JsonMapper.builder().build().writeValueAsString(CodingWorkspaceApiTest.NOTE) + "}");
        assertThat(doc.statusCode()).as(doc.body()).isEqualTo(201);
        LocalDate day = discharge.toLocalDate();
        String queue = "http://localhost:" + port + "/coding/queue?from=" + day.minusDays(1) + "&to=" + day.plusDays(1);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.WebDriverException.class); // an element of the page being left
        Browser.login(browser, port, "coder", "chartkeeper-demo");
        browser.get(queue);
        assertThat(browser.findElements(By.cssSelector("#coding-queue tbody tr[id^='queue-']"))).hasSize(2);
        assertThat(browser.findElement(By.id("dnfb-count")).getText()).isEqualTo("2");
        browser.findElement(By.id("code-" + encounter)).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/encounters/" + encounter + "/coding"));

        // the record beside the form: the evidence of the suggestions highlighted in the document
        assertThat(browser.findElement(By.id("document-text")).getText()).contains("denies chest pain");
        assertThat(browser.findElements(By.cssSelector("#document-text mark.evidence")).stream().map(e -> e.getText()))
                .contains("Assessment: acute on chronic systolic heart failure.");
        assertThat(browser.findElement(By.id("suggestions")).getText()).doesNotContain("R07");

        browser.findElement(By.cssSelector("tr[id^='suggestion-I50'] button.accept-suggestion")).click();
        wait.until(d -> d.findElement(By.id("dx-1")).getText().contains("I50"));

        browser.findElement(By.id("q")).sendKeys("dm2");
        browser.findElement(By.id("search-codes")).click();
        wait.until(d -> d.findElement(By.id("add-E119")).isDisplayed());
        browser.findElement(By.id("add-E119")).click();
        wait.until(d -> d.findElement(By.id("dx-2")).getText().contains("E11.9"));

        browser.findElement(By.cssSelector("#dx-2 button.move-up")).click();
        wait.until(d -> d.findElement(By.id("dx-1")).getText().contains("E11.9"));
        assertThat(browser.findElement(By.id("dx-1")).getText()).contains("Principal");
        assertThat(browser.findElement(By.id("dx-2")).getText()).contains("I50", "Secondary");

        // and back by the keyboard: Alt+Up on the focused second row
        browser.findElement(By.id("dx-2")).sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.ALT,
                org.openqa.selenium.Keys.ARROW_UP));
        wait.until(d -> d.findElement(By.id("dx-1")).getText().contains("I50"));
        assertThat(browser.findElement(By.id("dx-2")).getText()).contains("E11.9", "Secondary");

        wait.until(d -> d.findElement(By.id("no-edits")).isDisplayed());
        browser.findElement(By.id("finalize")).click();
        wait.until(d -> d.findElement(By.id("coding-status")).getText().equals("final"));

        browser.get(queue);
        wait.until(d -> d.findElement(By.id("coding-queue")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#coding-queue tbody tr[id^='queue-']"))).hasSize(1);
        assertThat(browser.findElements(By.id("queue-" + other))).hasSize(1);
        assertThat(browser.findElement(By.id("dnfb-count")).getText()).isEqualTo("1");
    }
}
