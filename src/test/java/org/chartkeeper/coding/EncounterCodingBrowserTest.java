package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

/** A coder codes an inpatient stay in a real browser, from the patient's chart to final coding. */
@IntegrationTest
class EncounterCodingBrowserTest extends BrowserTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void from_the_chart_to_final_coding() {
        long encounter = CodingFixtures.encounter(jdbc, "INPATIENT");
        long patient = jdbc.sql("select patient_id from encounter where id = ?").param(encounter).query(Long.class).single();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        // each save reloads the page: an element found just before the reload goes stale
        // (Chrome may also report an element of the unloading page as "not belonging to the document")
        wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.WebDriverException.class);
        Browser.login(browser, port, "coder", "chartkeeper-demo");
        browser.get("http://localhost:" + port + "/patients/" + patient);
        browser.findElement(By.cssSelector("a[href='/encounters/" + encounter + "/coding']")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/encounters/" + encounter + "/coding"));

        browser.findElement(By.id("diagnoses")).sendKeys("E11\nI10 Y");
        browser.findElement(By.id("save-coding")).click();
        wait.until(d -> d.findElement(By.id("coding-edits")).getText().contains("header-code"));
        assertThat(browser.findElement(By.id("coding-edits")).getText()).contains("E11");

        browser.findElement(By.id("diagnoses")).clear();
        browser.findElement(By.id("diagnoses")).sendKeys("E11.9 Y\nI10 Y");
        browser.findElement(By.id("procedures")).sendKeys("0DTJ4ZZ 2026-01-12");
        browser.findElement(By.id("save-coding")).click();
        wait.until(d -> d.findElement(By.id("no-edits")).isDisplayed());
        browser.findElement(By.id("finalize")).click();
        wait.until(d -> d.findElement(By.id("coding-status")).getText().equals("final"));
        assertThat(browser.findElement(By.id("coded")).getText()).contains("E11.9", "Principal", "0DTJ4ZZ");
        assertThat(browser.findElements(By.id("coding-form"))).isEmpty();
    }
}
