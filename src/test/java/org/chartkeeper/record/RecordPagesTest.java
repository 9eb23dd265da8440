package org.chartkeeper.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The record's pages: writing and signing a note, the chart's documents section, document types. */
@IntegrationTest
class RecordPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static String version(String page) {
        Matcher m = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
        assertThat(m.find()).as("a version field").isTrue();
        return m.group(1);
    }

    @Test
    void a_physician_writes_a_note_signs_it_and_it_shows_locked_in_the_chart() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        PageSession smith = PageSession.login(port, "drsmith");
        assertThat(smith.get("/patients/" + care.patientId() + "/record/new").statusCode()).isEqualTo(200);
        var empty = smith.postForm("/patients/" + care.patientId() + "/record/new",
                Map.of("typeCode", "progress-note", "body", " "));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("The document has no text");

        var saved = smith.postForm("/patients/" + care.patientId() + "/record/new", Map.of("typeCode", "progress-note",
                "encounterId", String.valueOf(care.encounterId()), "body", "Subjective: feels better.\nPlan: discharge tomorrow."));
        assertThat(saved.statusCode()).isEqualTo(302);
        var page = smith.follow(saved);
        assertThat(page.body()).contains("Draft saved").contains("id=\"sign\"").contains("Plan: discharge tomorrow.");
        String docPath = saved.headers().firstValue("Location").orElseThrow().replaceAll("^https?://[^/]+", "");

        var signed = smith.follow(smith.postForm(docPath + "/sign", Map.of("version", version(page.body()))));
        assertThat(signed.body()).contains("Signed. The document is now locked.").doesNotContain("id=\"edit-form\"")
                .doesNotContain("id=\"sign\"").contains("id=\"add-change\"");

        String summary = smith.get("/patients/" + care.patientId() + "/record/summary").body();
        assertThat(summary).contains("Progress note").contains("Open the record");
        assertThat(smith.get("/patients/" + care.patientId()).body()).contains("/patients/" + care.patientId() + "/record/summary");
        String chart = smith.get("/patients/" + care.patientId() + "/record").body();
        assertThat(chart).contains("record-table").contains("Signed");
        var search = smith.postForm("/patients/" + care.patientId() + "/record", Map.of("q", "discharge tomorrow"));
        assertThat(search.body()).contains(docPath);
    }

    @Test
    void HIM_transcribes_a_dictation_for_its_author_who_then_finds_it_to_sign() {
        var care = RecordFixtures.inCareOf(jdbc, "drsmith");
        long smith = jdbc.sql("select p.id from provider p join app_user u on u.id = p.user_id where u.username = 'drsmith'")
                .query(Long.class).single();
        PageSession him = PageSession.login(port, "him");
        assertThat(him.get("/patients/" + care.patientId() + "/record/new").body()).contains("Sarah Smith, MD");
        var saved = him.postForm("/patients/" + care.patientId() + "/record/new", Map.of("typeCode", "consultation",
                "source", "dictated", "authorProviderId", String.valueOf(smith), "body", "Consulted for syncope."));
        assertThat(saved.statusCode()).isEqualTo(302);
        String docPath = saved.headers().firstValue("Location").orElseThrow().replaceAll("^https?://[^/]+", "");
        assertThat(him.follow(saved).body()).doesNotContain("id=\"sign\"");
        assertThat(PageSession.login(port, "drsmith").get(docPath).body()).contains("id=\"sign\"").contains("dictated");
    }

    @Test
    void the_director_configures_document_types_and_the_change_is_audited() {
        PageSession director = PageSession.login(port, "director");
        assertThat(director.get("/admin/document-types").body()).contains("History and physical");
        var added = director.postForm("/admin/document-types", Map.of("code", "wound-care-note", "name", "Wound care note",
                "category", "clinical note", "retentionYears", "12", "signatureRequired", "true", "active", "true"));
        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(director.follow(added).body()).contains("Saved document type Wound care note");
        var duplicate = director.follow(director.postForm("/admin/document-types", Map.of("code", "wound-care-note",
                "name", "Again", "retentionYears", "12")));
        assertThat(duplicate.body()).contains("already exists");
        assertThat(jdbc.sql("select retention_years from document_type where code = 'wound-care-note'")
                .query(Integer.class).single()).isEqualTo(12);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ADMIN_CHANGE' and resource_type = 'DocumentType'"
                + " and resource_id = 'wound-care-note' and outcome = 'SUCCESS'").query(Long.class).single()).isEqualTo(1);
        assertThat(PageSession.login(port, "him").get("/admin/document-types").statusCode()).isEqualTo(403);
    }
}
