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

/** A coder types into the code search in a real browser: results appear as they type, then the code's page. */
@IntegrationTest
class CodeSearchBrowserTest extends BrowserTestSupport {

    @Test
    void typing_an_abbreviation_shows_matching_codes_without_submitting_and_a_result_opens_the_code() {
        Browser.login(browser, port, "coder", "chartkeeper-demo");
        browser.get("http://localhost:" + port + "/codes");
        browser.findElement(By.id("q")).sendKeys("dm2");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("code-table")).getText().contains("Type 2 diabetes mellitus"));
        assertThat(browser.getCurrentUrl()).endsWith("/codes"); // the type-ahead swapped the results in place

        browser.findElement(By.id("q")).clear();
        browser.findElement(By.id("q")).sendKeys("E11.9");
        wait.until(d -> d.findElement(By.cssSelector("#code-table tbody tr:first-child td a")).getText().equals("E11.9"));
        // a late answer to an earlier keystroke can swap the table again under the click: find the link anew then
        wait.until(d -> {
            var link = d.findElement(By.cssSelector("#code-table tbody tr:first-child td a"));
            if (!link.getText().equals("E11.9")) return false;
            link.click();
            return true;
        });
        wait.until(d -> d.getCurrentUrl().contains("/codes/ICD10CM/E119"));
        assertThat(browser.findElement(By.id("code-title")).getText()).isEqualTo("Type 2 diabetes mellitus without complications");
        assertThat(browser.findElement(By.id("code-path")).getText()).contains("E00-E89", "E11");
    }
}
