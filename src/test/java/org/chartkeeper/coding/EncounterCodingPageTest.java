package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A coder codes an encounter on its coding page: save, see the edits, final coding, reopen with a reason. */
@IntegrationTest
class EncounterCodingPageTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void from_the_form_to_final_coding_and_back_with_a_reason() {
        long e = CodingFixtures.encounter(jdbc, "INPATIENT");
        PageSession coder = PageSession.login(port, "coder");
        String page = "/encounters/" + e + "/coding";
        assertThat(coder.get(page).body()).contains("id=\"coding-form\"", "not-started");

        HttpResponse<String> bad = coder.postForm(page, Map.of("diagnoses", "E11.9 Y Y", "version", "0"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Nothing was saved", "Line 1");

        HttpResponse<String> withEdits = coder.postForm(page, Map.of("diagnoses", "E11 Y\nI10 Y", "version", "0"));
        assertThat(withEdits.statusCode()).isEqualTo(302);
        assertThat(coder.follow(withEdits).body()).contains("1 edit(s)", "header-code");

        HttpResponse<String> clean = coder.postForm(page, Map.of("diagnoses", "E11.9 Y\nI10 Y",
                "procedures", "0DTJ4ZZ 2026-01-12", "version", "1"));
        assertThat(coder.follow(clean).body()).contains("Saved. No edits.", "Type 2 diabetes mellitus without complications");
        HttpResponse<String> fin = coder.postForm(page + "/finalize", Map.of("version", "2"));
        assertThat(coder.follow(fin).body()).contains("Final coding done", "id=\"reopen-form\"").doesNotContain("id=\"coding-form\"");
        HttpResponse<String> reopened = coder.postForm(page + "/reopen", Map.of("version", "3",
                "reason", "Late pathology report changes the principal diagnosis"));
        assertThat(coder.follow(reopened).body()).contains("Reopened", "id=\"coding-form\"");
    }

    @Test
    void the_patient_chart_links_each_encounter_to_its_coding_page() {
        long patient = jdbc.sql("select min(e.patient_id) from encounter e join patient p on p.id = e.patient_id"
                + " where not p.restricted").query(Long.class).single();
        assertThat(PageSession.login(port, "coder").get("/patients/" + patient).body()).contains("/coding\">Coding</a>");
        PageSession roi = PageSession.login(port, "roi");
        roi.get("/"); // the page's CSRF token
        assertThat(roi.postForm("/encounters/1/coding", Map.of("diagnoses", "I10", "version", "0")).statusCode()).isEqualTo(403);
    }
}
