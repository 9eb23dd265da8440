package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.chartkeeper.Browser;
import org.chartkeeper.BrowserTestSupport;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A health information technician works a duplicate pair in a real browser: queue, comparison, merge, unmerge. */
@IntegrationTest
class DuplicateQueueBrowserTest extends BrowserTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    @Test
    void from_candidate_in_the_queue_to_merge_to_unmerge() {
        MergeFixtures db = new MergeFixtures(jdbc, template);
        LocalDate born = LocalDate.of(1972, 12, 1);
        long a = db.patient("Browserflow", "Tess", born, "female");
        long b = db.patient("Browserflowe", "Tess", born, "female");
        long encounter = db.encounter(b);
        long candidate = db.candidateWithItem(a, b, 0.95, "family name: jaro-winkler 0.98 (+3.4)\ngiven name: exact (+2.9)");
        long item = jdbc.sql("select work_item_id from duplicate_candidate where id = ?").param(candidate).query(Long.class).single();

        Browser.login(browser, port, "him", "chartkeeper-demo");
        browser.get(url("/queues/duplicate-review?status=all"));
        browser.findElement(By.cssSelector("#item-" + item + " a[href='/queues/duplicates/" + item + "']")).click();
        awaitUrl(url("/queues/duplicates/" + item));
        assertThat(browser.findElement(By.id("match-score")).getText()).isEqualTo("95.0 %");
        assertThat(browser.findElement(By.id("comparison")).getText()).contains("Browserflow").contains("Browserflowe");
        assertThat(browser.findElements(By.cssSelector("#comparison tr.differs th")).stream().map(e -> e.getText()).toList())
                .containsExactly("Family name", "MRN");
        assertThat(browser.findElement(By.id("explanation")).getText()).contains("given name: exact (+2.9)");

        browser.findElement(By.id("survivor-a")).click();
        browser.findElement(By.id("merge-reason")).sendKeys("Same person, surname misspelt at the ED desk");
        browser.findElement(By.id("merge")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(NoSuchElementException.class)
                .until(d -> d.findElement(By.id("decided-merged")).isDisplayed());
        assertThat(browser.findElement(By.id("candidate-status")).getText()).isEqualTo("merged");
        assertThat(browser.findElement(By.id("item-status")).getText()).isEqualTo("Done");
        assertThat(jdbc.sql("select patient_id from encounter where id = ?").param(encounter).query(Long.class).single()).isEqualTo(a);

        browser.findElement(By.id("patient-a-link")).click();
        awaitUrl(url("/patients/" + a));
        long mergeId = jdbc.sql("select id from patient_merge where candidate_id = ?").param(candidate).query(Long.class).single();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class) // htmx swaps the merge section in
                .until(d -> d.findElement(By.id("unmerge-" + mergeId)).isDisplayed());
        assertThat(browser.findElement(By.id("merge-" + mergeId)).getText()).contains("Same person, surname misspelt");
        browser.findElement(By.id("unmerge-reason-" + mergeId)).sendKeys("Second look: different mothers' names");
        browser.findElement(By.id("unmerge-" + mergeId)).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(NoSuchElementException.class)
                .until(d -> d.findElement(By.cssSelector(".notice.ok")).getText().contains("Merge undone"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("merge-" + mergeId)).getText().contains("Undone"));
        assertThat(browser.findElements(By.id("unmerge-" + mergeId))).isEmpty();
        assertThat(jdbc.sql("select status from patient where id = ?").param(b).query(String.class).single()).isEqualTo("active");
        assertThat(jdbc.sql("select patient_id from encounter where id = ?").param(encounter).query(Long.class).single()).isEqualTo(b);
    }

    private void awaitUrl(String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().equals(expected));
    }
}
