package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
 * In a real browser: a CDI specialist (HIM) writes a query citing an indicator from the record, the physician signs
 * in, answers it from their queue, and the signed answer shows in the patient's chart.
 */
@IntegrationTest
class PhysicianQueryBrowserTest extends BrowserTestSupport {

    static final String PASSWORD = "chartkeeper-demo";

    @Autowired
    JdbcClient jdbc;

    void waitFor(By by) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(by).isEmpty());
    }

    @Test
    void a_cdi_specialist_queries_the_physician_who_answers_and_the_answer_is_in_the_chart() {
        var cited = jdbc.sql("select e.patient_id, e.id, d.id, v.body from encounter e join provider p on p.id = e.attending_provider_id"
                        + " join app_user u on u.id = p.user_id join patient pt on pt.id = e.patient_id"
                        + " join document d on d.encounter_id = e.id and d.kind = 'text' and d.type_code = 'history-physical'"
                        + " join document_version v on v.document_id = d.id and v.version_no = 1"
                        + " where u.username = 'drsmith' and not pt.restricted and not exists (select 1 from physician_query q"
                        + " where q.encounter_id = e.id) order by e.id desc")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)}).list().getFirst();
        long patientId = (Long) cited[0];
        long encounterId = (Long) cited[1];
        long documentId = (Long) cited[2];
        String body = (String) cited[3];
        String excerpt = body.substring(body.indexOf("Chief complaint:"), body.indexOf('\n', body.indexOf("Chief complaint:")));
        long template = jdbc.sql("select id from query_template where code = 'heart-failure-type'").query(Long.class).single();
        long provider = jdbc.sql("select p.id from provider p join app_user u on u.id = p.user_id where u.username = 'drsmith'")
                .query(Long.class).single();

        // the CDI specialist writes and sends the query
        Browser.login(browser, port, "him", PASSWORD);
        browser.get(url("/queries"));
        browser.findElement(By.id("nav-queries"));
        browser.get(url("/encounters/" + encounterId + "/queries/new?templateId=" + template));
        new Select(browser.findElement(By.id("providerId"))).selectByValue(String.valueOf(provider));
        new Select(browser.findElement(By.id("documentId-0"))).selectByValue(String.valueOf(documentId));
        browser.findElement(By.id("excerpt-0")).sendKeys(excerpt);
        browser.findElement(By.id("send-query")).click();
        waitFor(By.id("query-status"));
        assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("Query sent to Sarah Smith, MD");
        assertThat(browser.findElement(By.id("query-status")).getText()).isEqualTo("Sent");
        String queryUrl = browser.getCurrentUrl();
        long queryId = Long.parseLong(queryUrl.substring(queryUrl.lastIndexOf('/') + 1));
        assertThat(browser.findElement(By.id("indicators")).getText()).contains(excerpt);
        browser.manage().deleteAllCookies();

        // the physician answers it from their queue
        Browser.login(browser, port, "drsmith", PASSWORD);
        browser.get(url("/queries"));
        browser.findElement(By.id("answer-" + queryId)).click();
        waitFor(By.id("answer-form"));
        assertThat(browser.findElement(By.id("indicators")).getText()).contains(excerpt);
        browser.findElement(By.cssSelector("input[name='option'][value='Acute on chronic systolic heart failure']")).click();
        browser.findElement(By.id("text")).sendKeys("EF 30 percent on echo; diuresed.");
        browser.findElement(By.id("submit-answer")).click();
        waitFor(By.id("answer"));
        assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).contains("Answer filed in the record");
        assertThat(browser.findElement(By.id("query-status")).getText()).isEqualTo("Answered");

        // the signed answer is in the chart
        browser.findElement(By.id("answer-document")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getPageSource().contains("PHYSICIAN QUERY RESPONSE"));
        assertThat(browser.getPageSource()).contains("Answer: Acute on chronic systolic heart failure")
                .contains("EF 30 percent on echo; diuresed.");
        browser.get(url("/patients/" + patientId + "/record"));
        assertThat(browser.getPageSource()).contains("Query response: Heart failure: type and acuity");
        assertThat(jdbc.sql("select d.status from physician_query q join document d on d.id = q.answer_document_id where q.id = ?")
                .param(queryId).query(String.class).single()).isEqualTo("signed");
    }
}
