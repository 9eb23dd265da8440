package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.Multipart;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Release fulfillment end to end over the JSON API: selection and minimum necessary, each sensitive-category rule,
 * Part 2 with and without consent, redaction that removes content, the package's Bates numbers, watermark and
 * invoice, secure links and their misuse, and delivery recording the disclosure the accounting shows.
 */
@IntegrationTest
class ReleasePackageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final Api roi() {
        return Api.as(port, "roi");
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private long patient(int offset) {
        return jdbc.sql("select id from patient where not restricted and status = 'active' order by id"
                + " offset " + offset + " rows fetch first 1 rows only").query(Long.class).single();
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    /** A one-or-more page PDF whose pages carry these lines of text. */
    static byte[] pdf(String... pages) {
        try (PDDocument doc = new PDDocument()) {
            var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (String text : pages) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 12);
                    cs.newLineAtOffset(72, 700);
                    for (String line : text.split("\n")) {
                        cs.showText(line);
                        cs.newLineAtOffset(0, -16);
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    long upload(long patientId, String type, String serviceDate, byte[] pdf) {
        var r = new Multipart().file("file", "record.pdf", "application/pdf", pdf).field("typeCode", type)
                .field("serviceAt", serviceDate).post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("id").asLong();
    }

    /** A request taken in, passing its checklist, and started. */
    long startedRequest(long patientId, String type, String requester, String extra) {
        String auth = type.equals("attorney") ? ", \"authorization\": " + RoiRequestsTest.COMPLETE_AUTHORIZATION
                : type.equals("patient") ? ", \"authorization\": {\"identityVerified\": true}"
                : type.equals("provider") ? ", \"authorization\": {\"identityVerified\": true, \"facts\":"
                        + " [\"treating-relationship\"]}"
                : type.equals("law-enforcement") ? ", \"authorization\": {\"identityVerified\": true, \"facts\":"
                        + " [\"legal-process\"]}" : "";
        var created = roi().post("/api/roi/requests", "{\"patientId\": " + patientId + ", \"receivedOn\": \"" + today()
                + "\", \"channel\": \"mail\", \"requesterType\": \"" + type + "\", \"requesterName\": \"" + requester
                + "\", \"requesterAddress\": \"1 Main St, Springfield\", \"purpose\": \"records request\","
                + " \"format\": \"pdf\", \"delivery\": \"secure-download\"" + extra + auth + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode r = json(created);
        assertThat(r.get("status").asString()).as(created.body()).isEqualTo("received");
        long id = r.get("id").asLong();
        var started = roi().post("/api/roi/requests/" + id + "/start", "{\"version\": " + r.get("version").asInt() + "}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return id;
    }

    JsonNode fulfillment(long requestId) {
        var r = roi().get("/api/roi/requests/" + requestId + "/fulfillment");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    HttpResponse<String> select(long requestId, long... documentIds) {
        StringBuilder ids = new StringBuilder();
        for (long d : documentIds) ids.append(ids.isEmpty() ? "" : ",").append(d);
        return roi().put("/api/roi/requests/" + requestId + "/selection", "{\"version\": "
                + fulfillment(requestId).get("version").asInt() + ", \"documentIds\": [" + ids + "]}");
    }

    HttpResponse<String> review(long requestId, long documentId, String decision) {
        return roi().post("/api/roi/requests/" + requestId + "/selection/" + documentId + "/review", "{\"version\": "
                + fulfillment(requestId).get("version").asInt() + ", \"decision\": \"" + decision
                + "\", \"note\": \"reviewed against the consent on file\"}");
    }

    HttpResponse<String> build(long requestId) {
        return roi().post("/api/roi/requests/" + requestId + "/package", "{\"version\": "
                + fulfillment(requestId).get("version").asInt() + "}");
    }

    byte[] packagePdf(long requestId) throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/roi/requests/" + requestId
                + "/package.pdf")).header("Authorization", "Bearer demo-roi").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    static List<String> pageTexts(byte[] pdf) throws IOException {
        List<String> out = new ArrayList<>();
        try (PDDocument d = Loader.loadPDF(pdf)) {
            for (int p = 1; p <= d.getNumberOfPages(); p++) {
                PDFTextStripper s = new PDFTextStripper();
                s.setStartPage(p);
                s.setEndPage(p);
                out.add(s.getText(d));
            }
        }
        return out;
    }

    List<String> categories(JsonNode f, long documentId) {
        for (JsonNode c : f.get("candidates")) {
            if (c.get("documentId").asLong() != documentId) continue;
            List<String> out = new ArrayList<>();
            for (JsonNode x : c.get("sensitiveCategories")) out.add(x.asString());
            return out;
        }
        throw new AssertionError("no candidate " + documentId);
    }

    String candidate(JsonNode f, long documentId, String field) {
        for (JsonNode c : f.get("candidates")) {
            if (c.get("documentId").asLong() == documentId) return c.get(field).isNull() ? null : c.get(field).asString();
        }
        throw new AssertionError("no candidate " + documentId);
    }

    // ------------------------------------------------------------------ sensitive categories

    @Test
    void part2_records_are_held_and_released_only_with_a_part2_consent_then_the_package_carries_the_redisclosure_notice()
            throws Exception {
        long patientId = patient(301);
        long sud = upload(patientId, "sud-treatment-note", "2025-02-01", pdf("Opioid treatment program intake"));
        long request = startedRequest(patientId, "provider", "Harbor Recovery Clinic", "");

        var selected = select(request, sud);
        assertThat(selected.statusCode()).as(selected.body()).isEqualTo(200);
        JsonNode f = json(selected);
        assertThat(categories(f, sud)).containsExactly("part2");
        assertThat(candidate(f, sud, "review")).isEqualTo("held");
        assertThat(f.get("stage").asString()).isEqualTo("held for review");
        // held for a specialist: a work item in the roi pool
        assertThat(jdbc.sql("select count(*) from work_item where item_type = 'roi-sensitive-review' and subject_id = ?"
                + " and status = 'OPEN'").param(request).query(Long.class).single()).isEqualTo(1);
        // the package cannot be built while held
        var early = build(request);
        assertThat(early.statusCode()).isEqualTo(400);
        assertThat(early.body()).contains("held for review");

        // without a Part 2 consent, approval is refused
        var refused = review(request, sud, "approve");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("No active 42 CFR Part 2 consent");

        // a consent for another recipient does not count; one naming this recipient does
        assertThat(roi().post("/api/roi/patients/" + patientId + "/consents", "{\"category\": \"part2\","
                + " \"recipient\": \"Someone Else\", \"purpose\": \"care\", \"periodStart\": \"2025-01-01\"}")
                .statusCode()).isEqualTo(201);
        assertThat(review(request, sud, "approve").statusCode()).isEqualTo(400);
        var consent = roi().post("/api/roi/patients/" + patientId + "/consents", "{\"category\": \"part2\","
                + " \"recipient\": \"Harbor Recovery Clinic\", \"purpose\": \"continuing care\","
                + " \"periodStart\": \"2025-01-01\", \"documentId\": " + sud + "}");
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
        var approved = review(request, sud, "approve");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(candidate(json(approved), sud, "review")).isEqualTo("approved");
        assertThat(jdbc.sql("select count(*) from work_item where item_type = 'roi-sensitive-review' and subject_id = ?"
                + " and status = 'DONE'").param(request).query(Long.class).single()).isEqualTo(1);

        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        assertThat(json(built).get("part2Notice").asBoolean()).isTrue();
        String text = text(packagePdf(request));
        assertThat(text).contains("REDISCLOSURE PROHIBITED").contains("42 CFR part 2")
                .contains("Opioid treatment program intake");

        // a revoked consent stops a rebuild
        long consentId = json(consent).get("id").asLong();
        var revoked = roi().post("/api/roi/consents/" + consentId + "/revoke", "{\"version\": 0}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(build(request).body()).contains("No active 42 CFR Part 2 consent");
    }

    @Test
    void without_sensitive_records_there_is_no_redisclosure_notice() throws Exception {
        long patientId = patient(302);
        long lab = upload(patientId, "lab-report", "2025-02-01", pdf("Sodium 139 mmol/L"));
        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        assertThat(select(request, lab).statusCode()).isEqualTo(200);
        assertThat(candidate(fulfillment(request), lab, "review")).isEqualTo("none");
        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        assertThat(json(built).get("part2Notice").asBoolean()).isFalse();
        assertThat(text(packagePdf(request))).doesNotContain("REDISCLOSURE PROHIBITED").contains("Sodium 139");
    }

    @Test
    void psychotherapy_notes_are_never_released_under_the_right_of_access() {
        long patientId = patient(303);
        long note = upload(patientId, "psychotherapy-note", "2025-02-01", pdf("Session 4 process notes"));
        long request = startedRequest(patientId, "patient", "The patient", "");
        var refused = select(request, note);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("detail").asString()).contains("psychotherapy note")
                .contains("never released under the right of access");
        assertThat(categories(fulfillment(request), note)).containsExactly("psychotherapy");
        // even a psychotherapy consent does not change that
        roi().post("/api/roi/patients/" + patientId + "/consents", "{\"category\": \"psychotherapy\","
                + " \"purpose\": \"own copy\", \"periodStart\": \"2025-01-01\"}");
        assertThat(select(request, note).statusCode()).isEqualTo(400);
    }

    @Test
    void psychotherapy_notes_to_a_third_party_need_a_psychotherapy_specific_authorization() {
        long patientId = patient(304);
        long note = upload(patientId, "psychotherapy-note", "2025-02-01", pdf("Session 5 process notes"));
        long request = startedRequest(patientId, "attorney", "Dewey & Howe LLP", "");
        assertThat(select(request, note).statusCode()).isEqualTo(200);
        assertThat(review(request, note, "approve").body()).contains("authorization specific");
        assertThat(roi().post("/api/roi/patients/" + patientId + "/consents", "{\"category\": \"psychotherapy\","
                + " \"recipient\": \"Dewey & Howe LLP\", \"purpose\": \"litigation\", \"periodStart\": \"2025-01-01\"}")
                .statusCode()).isEqualTo(201);
        assertThat(review(request, note, "approve").statusCode()).isEqualTo(200);
    }

    @Test
    void a_flag_adds_to_the_category_of_the_type_so_a_psychotherapy_note_flagged_behavioral_health_stays_out_of_the_right_of_access() {
        long patientId = patient(326);
        long note = upload(patientId, "psychotherapy-note", "2025-02-01", pdf("Session 6 process notes"));
        assertThat(roi().post("/api/roi/documents/" + note + "/sensitive-flags",
                "{\"category\": \"behavioral-health\", \"note\": \"also a behavioral health record\"}").statusCode())
                .isEqualTo(204);
        long request = startedRequest(patientId, "patient", "The patient", "");
        var refused = select(request, note);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json(refused).get("detail").asString()).contains("never released under the right of access");
        assertThat(categories(fulfillment(request), note)).containsExactly("psychotherapy", "behavioral-health");
        assertThat(jdbc.sql("select count(*) from release_selection where request_id = ?").param(request)
                .query(Long.class).single()).isZero();
    }

    @Test
    void a_document_flagged_part2_and_hiv_needs_the_part2_consent_and_carries_the_redisclosure_notice() throws Exception {
        long patientId = patient(327);
        long lab = upload(patientId, "lab-report", "2025-02-01", pdf("Methadone clinic HIV viral load"));
        for (String c : new String[] {"part2", "hiv"}) {
            assertThat(roi().post("/api/roi/documents/" + lab + "/sensitive-flags", "{\"category\": \"" + c
                    + "\"}").statusCode()).isEqualTo(204);
        }
        long request = startedRequest(patientId, "provider", "Harbor Recovery Clinic", "");
        JsonNode f = json(select(request, lab));
        assertThat(categories(f, lab)).containsExactly("part2", "hiv");
        assertThat(candidate(f, lab, "review")).isEqualTo("held");
        // the HIV review alone is not enough: the Part 2 rule applies too
        var refused = review(request, lab, "approve");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("No active 42 CFR Part 2 consent");
        assertThat(roi().post("/api/roi/patients/" + patientId + "/consents", "{\"category\": \"part2\","
                + " \"recipient\": \"Harbor Recovery Clinic\", \"purpose\": \"continuing care\","
                + " \"periodStart\": \"2025-01-01\"}").statusCode()).isEqualTo(201);
        assertThat(review(request, lab, "approve").statusCode()).isEqualTo(200);
        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        assertThat(json(built).get("part2Notice").asBoolean()).isTrue();
        assertThat(text(packagePdf(request))).contains("REDISCLOSURE PROHIBITED").contains("Methadone clinic");
    }

    @Test
    void hiv_behavioral_health_and_genetic_records_are_each_held_for_review_and_can_be_excluded() throws Exception {
        long patientId = patient(305);
        long hiv = upload(patientId, "hiv-test-result", "2025-02-01", pdf("HIV-1/2 antibody: nonreactive"));
        long bh = upload(patientId, "behavioral-health-note", "2025-02-02", pdf("Mood stable on sertraline"));
        long gen = upload(patientId, "genetic-test-report", "2025-02-03", pdf("BRCA1 variant of uncertain significance"));
        // a document of an ordinary type flagged sensitive by hand
        long flagged = upload(patientId, "lab-report", "2025-02-04", pdf("Hepatitis panel"));
        assertThat(roi().post("/api/roi/documents/" + flagged + "/sensitive-flags",
                "{\"category\": \"hiv\", \"note\": \"HIV viral load on page 2\"}").statusCode()).isEqualTo(204);
        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        JsonNode f = json(select(request, hiv, bh, gen, flagged));
        assertThat(categories(f, hiv)).containsExactly("hiv");
        assertThat(categories(f, bh)).containsExactly("behavioral-health");
        assertThat(categories(f, gen)).containsExactly("genetic");
        assertThat(categories(f, flagged)).containsExactly("hiv");
        for (long d : new long[] {hiv, bh, gen, flagged}) assertThat(candidate(f, d, "review")).isEqualTo("held");
        // approval needs a note; an unknown decision is refused
        var noNote = roi().post("/api/roi/requests/" + request + "/selection/" + hiv + "/review", "{\"version\": "
                + f.get("version").asInt() + ", \"decision\": \"approve\"}");
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(json(noNote).get("errors").get(0).get("field").asString()).isEqualTo("note");
        assertThat(review(request, hiv, "maybe").statusCode()).isEqualTo(400);
        assertThat(review(request, hiv, "approve").statusCode()).isEqualTo(200);
        assertThat(review(request, bh, "approve").statusCode()).isEqualTo(200);
        assertThat(review(request, gen, "exclude").statusCode()).isEqualTo(200);
        assertThat(review(request, flagged, "exclude").statusCode()).isEqualTo(200);
        assertThat(build(request).statusCode()).isEqualTo(201);
        String text = text(packagePdf(request));
        assertThat(text).contains("nonreactive").contains("sertraline").doesNotContain("BRCA1")
                .doesNotContain("Hepatitis panel");
    }

    @Test
    void minimum_necessary_limits_a_third_party_to_what_the_request_asked_for() {
        long patientId = patient(306);
        long inside = upload(patientId, "discharge-summary", "2025-03-01", pdf("Discharged home"));
        long otherType = upload(patientId, "lab-report", "2025-03-01", pdf("Potassium 4.1"));
        long tooOld = upload(patientId, "discharge-summary", "2023-03-01", pdf("Old discharge"));
        long request = startedRequest(patientId, "attorney", "Dewey & Howe LLP",
                ", \"askedFrom\": \"2025-01-01\", \"askedDocumentTypes\": \"discharge-summary\"");
        JsonNode f = fulfillment(request);
        assertThat(f.get("minimumNecessary").asBoolean()).isTrue();
        assertThat(f.get("minimumNecessaryNote").asString()).contains("Minimum necessary applies");
        assertThat(candidate(f, inside, "inScope")).isEqualTo("true");
        assertThat(candidate(f, otherType, "inScope")).isEqualTo("false");
        assertThat(candidate(f, tooOld, "inScope")).isEqualTo("false");
        var refused = select(request, inside, otherType);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("detail").asString()).contains("Document " + otherType).contains("minimum necessary");
        assertThat(select(request, inside).statusCode()).isEqualTo(200);

        // the patient's own request is not limited (explained on the page)
        long own = startedRequest(patientId, "patient", "The patient",
                ", \"askedFrom\": \"2025-01-01\", \"askedDocumentTypes\": \"discharge-summary\"");
        JsonNode g = fulfillment(own);
        assertThat(g.get("minimumNecessary").asBoolean()).isFalse();
        assertThat(g.get("minimumNecessaryNote").asString()).contains("does not apply");
        assertThat(select(own, inside, otherType, tooOld).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ redaction and the package

    @Test
    void redacted_text_cannot_be_extracted_from_the_package_and_unredacted_pages_stay_intact() throws Exception {
        long patientId = patient(307);
        long doc = upload(patientId, "outside-record", "2025-04-01", pdf(
                "Page one mentions the neighbor Zebulon Quagmire by name\nand other ordinary findings",
                "Page two: SECRETREGION in the top block\nvisible ordinary line",
                "Page three stays exactly as it was: Kettlewell"));
        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        assertThat(select(request, doc).statusCode()).isEqualTo(200);
        // a term, wherever it appears
        var term = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc
                + ", \"term\": \"Zebulon Quagmire\", \"reason\": \"third party\"}");
        assertThat(term.statusCode()).as(term.body()).isEqualTo(201);
        // a region of page 2: its whole top quarter (the text sits at about 90 of 792 points from the top)
        var region = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc
                + ", \"pageNo\": 2, \"x\": 0, \"y\": 0, \"w\": 1, \"h\": 0.25, \"reason\": \"not requested\"}");
        assertThat(region.statusCode()).as(region.body()).isEqualTo(201);
        // a region off the page, a page that does not exist, and a missing reason are refused, naming the field
        var bad = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc
                + ", \"pageNo\": 2, \"x\": 0.5, \"y\": 0, \"w\": 0.8, \"h\": 0.1, \"reason\": \"x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").get(0).get("field").asString()).isEqualTo("w");
        var noPage = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc
                + ", \"pageNo\": 9, \"x\": 0, \"y\": 0, \"w\": 0.1, \"h\": 0.1, \"reason\": \"x\"}");
        assertThat(json(noPage).get("errors").get(0).get("field").asString()).isEqualTo("pageNo");
        var noReason = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc + ", \"term\": \"x1\"}");
        assertThat(json(noReason).get("errors").get(0).get("field").asString()).isEqualTo("reason");

        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        assertThat(json(built).get("redactions").asInt()).isEqualTo(2);
        byte[] pdf = packagePdf(request);
        String text = text(pdf);
        assertThat(text).doesNotContain("Zebulon").doesNotContain("Quagmire").doesNotContain("SECRETREGION")
                .doesNotContain("ordinary findings").doesNotContain("visible ordinary line");
        // the unredacted page keeps its text layer, and the redacted pages are images with no font left
        assertThat(text).contains("Page three stays exactly as it was: Kettlewell");
        try (PDDocument d = Loader.loadPDF(pdf)) {
            int fontsOnImagePages = 0;
            int imagePages = 0;
            for (PDPage page : d.getPages()) {
                var res = page.getResources();
                boolean hasImage = false;
                for (var name : res.getXObjectNames()) hasImage |= res.isImageXObject(name);
                if (hasImage) {
                    imagePages++;
                    for (var ignored : res.getFontNames()) fontsOnImagePages++;
                }
            }
            assertThat(imagePages).isEqualTo(2);
            // the only font on a redacted page is the one the Bates number and watermark were stamped with
            assertThat(fontsOnImagePages).isLessThanOrEqualTo(4);
        }
    }

    /**
     * A term is found wherever its letters stand, also broken over two lines and in any case; a term that is nowhere
     * in a document's text (misspelt, or on a page image without text) is refused when it is marked, so the
     * specialist never believes hidden what the package would show.
     */
    @Test
    void a_term_is_redacted_across_a_line_break_and_a_term_not_in_the_text_is_refused() throws Exception {
        long patientId = patient(311);
        long doc = upload(patientId, "outside-record", "2025-04-02", pdf(
                "The visit was with the neighbor Ottoline\nFarquharson-Bleeker who drove the patient home",
                "A second page naming OTTOLINE FARQUHARSON-BLEEKER in capitals"));
        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        assertThat(select(request, doc).statusCode()).isEqualTo(200);
        var term = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc
                + ", \"term\": \"ottoline   farquharson-bleeker\", \"reason\": \"third party\"}");
        assertThat(term.statusCode()).as(term.body()).isEqualTo(201);
        var missing = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc
                + ", \"term\": \"Ottilie Farquarson\", \"reason\": \"third party\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("errors").get(0).get("field").asString()).isEqualTo("term");
        assertThat(missing.body()).contains("mark the region");

        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        String text = text(packagePdf(request)).toLowerCase(java.util.Locale.ROOT);
        assertThat(text).doesNotContain("ottoline").doesNotContain("farquharson").doesNotContain("bleeker");

        // a scanned page image has no text to find a term in: refused, with the way out named
        java.awt.image.BufferedImage scan = new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(scan, "png", png);
        var imageDoc = new org.chartkeeper.Multipart().file("file", "scan.png", "image/png", png.toByteArray())
                .field("typeCode", "outside-record").field("serviceAt", "2025-04-03T09:00:00Z")
                .post(port, "him", "/api/patients/" + patientId + "/documents/uploads");
        assertThat(imageDoc.statusCode()).as(imageDoc.body()).isEqualTo(201);
        long image = json(imageDoc).get("id").asLong();
        assertThat(select(request, doc, image).statusCode()).isEqualTo(200);
        var onImage = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + image
                + ", \"term\": \"Ottoline\", \"reason\": \"third party\"}");
        assertThat(onImage.statusCode()).isEqualTo(400);
        assertThat(onImage.body()).contains("image without text");
    }

    /**
     * A PDF that carries the term in its text and also where redaction of the page cannot reach: the document
     * information, XMP metadata, a bookmark, a form field, an embedded file, a JavaScript open action and a comment.
     */
    static byte[] pdfWithHiddenCopies(String term) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(font, 12);
                cs.newLineAtOffset(72, 700);
                cs.showText("The patient told us about " + term + " during the visit.");
                cs.endText();
            }
            var catalog = doc.getDocumentCatalog();
            var info = doc.getDocumentInformation();
            info.setTitle("Notes on " + term);
            info.setSubject(term);
            info.setKeywords(term);
            info.setAuthor(term);
            info.setCustomMetadataValue("Diagnosis", term);
            var xmp = new org.apache.pdfbox.pdmodel.common.PDMetadata(doc);
            xmp.importXMPMetadata(("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
                    + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description"
                    + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:description=\"" + term + "\"/></rdf:RDF>"
                    + "</x:xmpmeta>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            catalog.setMetadata(xmp);
            var outline = new org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline();
            var bookmark = new org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem();
            bookmark.setTitle("Bookmark: " + term);
            bookmark.setDestination(page);
            outline.addLast(bookmark);
            catalog.setDocumentOutline(outline);
            var form = new org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm(doc);
            var resources = new org.apache.pdfbox.pdmodel.PDResources();
            resources.put(org.apache.pdfbox.cos.COSName.HELV, font);
            form.setDefaultResources(resources);
            form.setDefaultAppearance("/Helv 10 Tf 0 g");
            catalog.setAcroForm(form);
            var field = new org.apache.pdfbox.pdmodel.interactive.form.PDTextField(form);
            field.setPartialName("diagnosis");
            form.getFields().add(field);
            var widget = field.getWidgets().getFirst();
            widget.setRectangle(new PDRectangle(72, 600, 300, 20));
            widget.setPage(page);
            page.getAnnotations().add(widget);
            field.setValue("Field: " + term);
            var attached = new org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification();
            attached.setFile(term + ".txt");
            var file = new org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile(doc,
                    new java.io.ByteArrayInputStream(("Attachment: " + term).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            file.setSubtype("text/plain");
            attached.setEmbeddedFile(file);
            var files = new org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode();
            files.setNames(java.util.Map.of(term + ".txt", attached));
            var names = new org.apache.pdfbox.pdmodel.PDDocumentNameDictionary(catalog);
            names.setEmbeddedFiles(files);
            catalog.setNames(names);
            catalog.setOpenAction(new org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript(
                    "app.alert('" + term + "');"));
            var comment = new org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText();
            comment.setContents("Comment: " + term);
            comment.setRectangle(new PDRectangle(450, 700, 20, 20));
            page.getAnnotations().add(comment);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    @Test
    void a_redacted_term_leaves_no_copy_in_the_packages_metadata_bookmarks_form_fields_attachments_or_annotations()
            throws Exception {
        String term = "Quixoticus";
        long patientId = patient(329);
        byte[] source = pdfWithHiddenCopies(term);
        // the uploaded file really carries every copy
        try (PDDocument d = Loader.loadPDF(source)) {
            assertThat(d.getDocumentInformation().getTitle()).contains(term);
            assertThat(d.getDocumentCatalog().getDocumentOutline().getFirstChild().getTitle()).contains(term);
            assertThat(d.getDocumentCatalog().getAcroForm().getField("diagnosis").getValueAsString()).contains(term);
            assertThat(d.getDocumentCatalog().getNames().getEmbeddedFiles().getNames()).containsKey(term + ".txt");
        }
        long doc = upload(patientId, "outside-record", "2025-04-01", source);
        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        assertThat(select(request, doc).statusCode()).isEqualTo(200);
        var redaction = roi().post("/api/roi/requests/" + request + "/redactions", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"documentId\": " + doc
                + ", \"term\": \"" + term + "\", \"reason\": \"third party\"}");
        assertThat(redaction.statusCode()).as(redaction.body()).isEqualTo(201);
        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        byte[] pdf = packagePdf(request);
        String lower = term.toLowerCase(java.util.Locale.ROOT);

        assertThat(text(pdf).toLowerCase(java.util.Locale.ROOT)).doesNotContain(lower);
        try (PDDocument d = Loader.loadPDF(pdf)) {
            var catalog = d.getDocumentCatalog();
            var info = d.getDocumentInformation();
            for (String key : info.getMetadataKeys()) {
                assertThat(String.valueOf(info.getCustomMetadataValue(key)).toLowerCase(java.util.Locale.ROOT))
                        .as("document information " + key).doesNotContain(lower);
            }
            assertThat(info.getTitle()).isEqualTo("Release of information package");
            assertThat(catalog.getMetadata()).isNull();
            assertThat(catalog.getDocumentOutline() == null || catalog.getDocumentOutline().getFirstChild() == null)
                    .as("no bookmarks").isTrue();
            assertThat(catalog.getAcroForm(null) == null || catalog.getAcroForm(null).getFields().isEmpty())
                    .as("no form fields").isTrue();
            assertThat(catalog.getNames() == null || catalog.getNames().getEmbeddedFiles() == null)
                    .as("no attachments").isTrue();
            assertThat(catalog.getOpenAction()).isNull();
            for (PDPage page : d.getPages()) assertThat(page.getAnnotations()).isEmpty();
            // and no object of the file, decoded, holds the term anywhere
            for (var key : d.getDocument().getXrefTable().keySet()) {
                var object = d.getDocument().getObjectFromPool(key).getObject();
                String content;
                if (object instanceof org.apache.pdfbox.cos.COSStream stream) {
                    try (var in = stream.createInputStream()) {
                        content = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
                                + stream.toString();
                    }
                } else {
                    content = String.valueOf(object);
                }
                assertThat(content.toLowerCase(java.util.Locale.ROOT)).as("object " + key).doesNotContain(lower);
            }
        }
    }

    @Test
    void bates_numbers_are_sequential_on_every_page_and_the_watermark_names_the_recipient_and_date() throws Exception {
        long patientId = patient(308);
        long a = upload(patientId, "outside-record", "2025-04-01", pdf("first A", "second A"));
        long b = upload(patientId, "outside-record", "2025-04-02", pdf("only B"));
        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        assertThat(select(request, b, a).statusCode()).isEqualTo(200);
        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        JsonNode p = json(built);
        String requestNo = fulfillment(request).get("requestNo").asString();
        List<String> pages = pageTexts(packagePdf(request));
        assertThat(pages).hasSize(p.get("pageCount").asInt());
        assertThat(p.get("recordPages").asInt()).isEqualTo(3);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(pages.get(i)).as("page " + (i + 1)).contains(String.format("CK-%s-%06d", requestNo, i + 1))
                    .contains("Released to Lakeside Family Clinic on " + today());
        }
        assertThat(p.get("batesFirst").asString()).isEqualTo("CK-" + requestNo + "-000001");
        assertThat(p.get("batesLast").asString()).isEqualTo(String.format("CK-%s-%06d", requestNo, pages.size()));
        // cover first (naming each record's Bates range), the records in service-date order, the invoice last
        assertThat(pages.getFirst()).contains("Enclosed are the records").contains("CK-" + requestNo + "-000002 to CK-"
                + requestNo + "-000003");
        assertThat(pages.get(1)).contains("first A");
        assertThat(pages.get(2)).contains("second A");
        assertThat(pages.get(3)).contains("only B");
        assertThat(pages.getLast()).contains("INVOICE").contains("INV-");
        // stored content-addressed with its SHA-256
        String sha = p.get("sha256").asString();
        assertThat(sha).matches("[0-9a-f]{64}");
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(packagePdf(request)))).isEqualTo(sha);
    }

    @Test
    void a_released_document_carries_its_denied_amendment_with_the_statement_of_disagreement_and_the_rebuttal()
            throws Exception {
        // a signed note of Dr. Jones's about a patient he attended; the patient asks to amend it and is denied
        var doc = jdbc.sql("select d.id, d.patient_id from document d join provider p on p.id = d.author_provider_id"
                        + " join app_user u on u.id = p.user_id join patient pt on pt.id = d.patient_id"
                        + " where u.username = 'drjones' and d.status = 'signed' and d.parent_id is null"
                        + " and not pt.restricted and d.id not in (select document_id from amendment_request)"
                        + " and exists (select 1 from encounter e where e.patient_id = d.patient_id"
                        + " and e.attending_provider_id = p.id) order by d.id desc fetch first 1 rows only")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long documentId = doc[0];
        long patientId = doc[1];
        var asked = roi().post("/api/roi/amendments", "{\"patientId\": " + patientId + ", \"documentId\": " + documentId
                + ", \"receivedOn\": \"" + today() + "\", \"requestedBy\": \"The patient\","
                + " \"whatIsWrong\": \"The note says I smoke.\", \"proposedChange\": \"Record me as a non-smoker.\"}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
        long amendment = json(asked).get("request").get("id").asLong();
        var denied = Api.as(port, "drjones").post("/api/roi/amendments/" + amendment + "/decision", "{\"version\": 0,"
                + " \"decision\": \"deny\", \"reason\": \"accurate-and-complete\"}");
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        var disagreement = roi().post("/api/roi/amendments/" + amendment + "/disagreement", "{\"version\": "
                + json(denied).get("request").get("version").asInt() + ", \"statement\": \"I have never smoked.\"}");
        assertThat(disagreement.statusCode()).as(disagreement.body()).isEqualTo(200);
        var rebuttal = roi().post("/api/roi/amendments/" + amendment + "/rebuttal", "{\"version\": "
                + json(disagreement).get("request").get("version").asInt()
                + ", \"rebuttal\": \"The admission history records a 10 pack-year history.\"}");
        assertThat(rebuttal.statusCode()).as(rebuttal.body()).isEqualTo(200);

        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        assertThat(select(request, documentId).statusCode()).isEqualTo(200);
        var built = build(request);
        assertThat(built.statusCode()).as(built.body()).isEqualTo(201);
        String text = text(packagePdf(request));
        assertThat(text).contains("Amendment record of").contains("The note says I smoke.")
                .contains("I have never smoked.").contains("The admission history records a 10 pack-year history.");
    }

    // ------------------------------------------------------------------ links and delivery

    @Test
    void a_secure_link_downloads_a_limited_number_of_times_and_expired_or_wrong_tokens_are_refused_and_audited()
            throws Exception {
        long patientId = patient(309);
        long doc = upload(patientId, "outside-record", "2025-04-01", pdf("Linked record"));
        long request = startedRequest(patientId, "provider", "Lakeside Family Clinic", "");
        assertThat(select(request, doc).statusCode()).isEqualTo(200);
        assertThat(build(request).statusCode()).isEqualTo(201);

        // bad link settings are refused, naming the field
        var bad = roi().post("/api/roi/requests/" + request + "/links", "{\"days\": 400}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors").get(0).get("field").asString()).isEqualTo("days");

        // a wrong token: 404, audited (the helper opens the landing page, then posts: two attempts; then a malformed one)
        long before = maxSeq();
        assertThat(anonymous("POST", "/release/download/" + "A".repeat(43)).statusCode()).isEqualTo(404);
        assertThat(anonymous("GET", "/release/download/not-a-token").statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and action = 'DISCLOSE' and outcome ="
                + " 'NOT_FOUND'").param(before).query(Long.class).single()).isEqualTo(3);

        // expired: 410
        var second = json(roi().post("/api/roi/requests/" + request + "/links", "{}"));
        jdbc.sql("update release_download_link set expires_at = ? where id = ?")
                .params(java.time.OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), second.get("link").get("id").asLong())
                .update();
        assertThat(anonymous("GET", second.get("url").asString()).statusCode()).isEqualTo(410);
        assertThat(anonymous("POST", second.get("url").asString()).statusCode()).isEqualTo(410);

        // withdrawn: 410
        var third = json(roi().post("/api/roi/requests/" + request + "/links", "{}"));
        assertThat(roi().post("/api/roi/requests/" + request + "/links/" + third.get("link").get("id").asLong()
                + "/revoke", "{}").statusCode()).isEqualTo(204);
        assertThat(anonymous("POST", third.get("url").asString()).statusCode()).isEqualTo(410);

        // a rebuilt package withdraws the links of the one it replaces
        var fourth = json(roi().post("/api/roi/requests/" + request + "/links", "{}"));
        assertThat(anonymous("GET", fourth.get("url").asString()).statusCode()).isEqualTo(200);
        assertThat(build(request).statusCode()).isEqualTo(201);
        assertThat(anonymous("POST", fourth.get("url").asString()).statusCode()).isEqualTo(410);
        // none of the refused downloads delivered anything
        assertThat(fulfillment(request).get("deliveries").size()).isZero();

        var made = roi().post("/api/roi/requests/" + request + "/links", "{\"days\": 3, \"maxDownloads\": 1}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String url = json(made).get("url").asString();
        String token = json(made).get("token").asString();
        assertThat(url).isEqualTo("/release/download/" + token).doesNotContain(String.valueOf(patientId));
        // only the token's hash is stored
        assertThat(jdbc.sql("select count(*) from release_download_link where token_sha256 = ?").param(token)
                .query(Long.class).single()).isZero();

        // the landing page names no patient; the download is the POST, without signing in
        var landing = anonymous("GET", url);
        assertThat(landing.statusCode()).isEqualTo(200);
        String patientName = jdbc.sql("select family_name from patient where id = ?").param(patientId)
                .query(String.class).single();
        assertThat(new String(landing.body())).contains("Download the records").doesNotContain(patientName);
        before = maxSeq();
        var download = anonymous("POST", url);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(text(download.body())).contains("Linked record");
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and action = 'DISCLOSE' and outcome ="
                + " 'SUCCESS' and patient_id = ?").params(before, patientId).query(Long.class).single()).isEqualTo(1);

        // used up: 410, audited as refused
        before = maxSeq();
        assertThat(anonymous("POST", url).statusCode()).isEqualTo(410);
        assertThat(jdbc.sql("select count(*) from audit_event where seq > ? and action = 'DISCLOSE' and outcome ="
                + " 'DENIED' and patient_id = ?").params(before, patientId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void the_recipients_first_download_records_the_delivery_and_the_disclosure_exactly_once() throws Exception {
        long patientId = patient(328);
        long doc = upload(patientId, "outside-record", "2025-04-01", pdf("Downloaded record"));
        long request = startedRequest(patientId, "attorney", "Dewey & Howe LLP", "");
        assertThat(select(request, doc).statusCode()).isEqualTo(200);
        assertThat(build(request).statusCode()).isEqualTo(201);
        var made = json(roi().post("/api/roi/requests/" + request + "/links", "{\"maxDownloads\": 3}"));
        String url = made.get("url").asString();
        long workItem = jdbc.sql("select work_item_id from roi_request where id = ?").param(request)
                .query(Long.class).single();

        assertThat(anonymous("POST", url).statusCode()).isEqualTo(200);
        JsonNode f = fulfillment(request);
        assertThat(f.get("requestStatus").asString()).isEqualTo("completed");
        assertThat(f.get("stage").asString()).isEqualTo("delivered");
        assertThat(f.get("deliveries").size()).isEqualTo(1);
        JsonNode d = f.get("deliveries").get(0);
        assertThat(d.get("method").asString()).isEqualTo("secure-download");
        assertThat(d.get("deliveredOn").asString()).isEqualTo(today().toString());
        assertThat(d.get("packageId").asLong()).isEqualTo(f.get("currentPackage").get("id").asLong());
        assertThat(jdbc.sql("select status from work_item where id = ?").param(workItem).query(String.class).single())
                .isEqualTo("DONE");

        // the later downloads the link allows change nothing: one delivery, one disclosure
        assertThat(anonymous("POST", url).statusCode()).isEqualTo(200);
        assertThat(anonymous("POST", url).statusCode()).isEqualTo(200);
        assertThat(fulfillment(request).get("deliveries").size()).isEqualTo(1);
        var disclosures = jdbc.sql("select recipient_name, disclosed_on, description from disclosure where request_id = ?")
                .param(request).query((rs, n) -> List.of(rs.getString(1), rs.getObject(2, LocalDate.class).toString(),
                        rs.getString(3))).list();
        assertThat(disclosures).hasSize(1);
        assertThat(disclosures.getFirst().get(0)).isEqualTo("Dewey & Howe LLP");
        assertThat(disclosures.getFirst().get(1)).isEqualTo(today().toString());
        assertThat(disclosures.getFirst().get(2)).contains("Release package PKG-").contains("secure-download");
        // and a delivery recorded by hand afterwards is refused: the request is released
        var late = roi().post("/api/roi/requests/" + request + "/deliveries", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"method\": \"mail\"}");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from disclosure where request_id = ?").param(request).query(Long.class)
                .single()).isEqualTo(1);
    }

    private HttpResponse<byte[]> anonymous(String method, String path) throws Exception {
        // the landing page carries the form's CSRF token in the anonymous session; follow it like a browser
        var cookies = new java.net.CookieManager();
        var client = HttpClient.newBuilder().cookieHandler(cookies).build();
        if (method.equals("GET")) {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
        var page = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        var m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        if (!m.find()) {
            // a link that no longer shows its form: take the session's token from the sign-in page, as a tab would
            page = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(m.find()).as("a CSRF token on the sign-in page").isTrue();
        }
        String csrf = m.group(1);
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + java.net.URLEncoder.encode(csrf,
                        java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private long maxSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_event").query(Long.class).single();
    }

    @Test
    void delivery_records_a_disclosure_that_the_accounting_then_shows() {
        long patientId = patient(310);
        long doc = upload(patientId, "outside-record", "2025-04-01", pdf("Evidence record"));
        long request = startedRequest(patientId, "law-enforcement", "County Sheriff's Office", "");
        assertThat(select(request, doc).statusCode()).isEqualTo(200);
        assertThat(build(request).statusCode()).isEqualTo(201);
        // secure-download needs a link first
        var noLink = roi().post("/api/roi/requests/" + request + "/deliveries", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"method\": \"secure-download\"}");
        assertThat(noLink.statusCode()).isEqualTo(400);
        assertThat(json(noLink).get("errors").get(0).get("field").asString()).isEqualTo("method");
        var badMethod = roi().post("/api/roi/requests/" + request + "/deliveries", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"method\": \"pigeon\"}");
        assertThat(json(badMethod).get("errors").get(0).get("field").asString()).isEqualTo("method");
        var stale = roi().post("/api/roi/requests/" + request + "/deliveries", "{\"version\": 999, \"method\": \"mail\"}");
        assertThat(stale.statusCode()).isEqualTo(409);

        var delivered = roi().post("/api/roi/requests/" + request + "/deliveries", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"method\": \"in-person\", \"deliveredOn\": \""
                + today() + "\", \"note\": \"picked up by Deputy Ruiz\"}");
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(201);
        JsonNode f = fulfillment(request);
        assertThat(f.get("requestStatus").asString()).isEqualTo("completed");
        assertThat(f.get("stage").asString()).isEqualTo("delivered");
        var accounting = roi().get("/api/disclosures/patients/" + patientId + "/accounting");
        assertThat(accounting.statusCode()).as(accounting.body()).isEqualTo(200);
        assertThat(accounting.body()).contains("County Sheriff").contains("Release package PKG-")
                .contains(String.valueOf(today()));
    }

    // ------------------------------------------------------------------ fees and invoices

    @Test
    void the_invoice_follows_the_schedule_and_records_payment_or_a_waiver() {
        long patientId = patient(311);
        long doc = upload(patientId, "outside-record", "2025-04-01", pdf("1", "2", "3", "4", "5", "6", "7", "8", "9",
                "10", "11", "12"));
        long request = startedRequest(patientId, "attorney", "Dewey & Howe LLP", "");
        assertThat(select(request, doc).statusCode()).isEqualTo(200);
        assertThat(fulfillment(request).get("feeSchedule").asString()).isEqualTo("state-third-party");
        assertThat(build(request).statusCode()).isEqualTo(201);
        var inv = json(roi().get("/api/roi/requests/" + request + "/invoice"));
        // search 15.00 + 10 pages at 1.00 + 2 pages at 0.50 = 26.00 (delivered by secure download: no postage)
        assertThat(inv.get("total").decimalValue()).isEqualByComparingTo("26.00");
        assertThat(inv.get("status").asString()).isEqualTo("unpaid");
        assertThat(inv.get("invoiceNo").asString()).startsWith("INV-");

        // the patient's electronic copy: the flat 6.50
        var fee = roi().put("/api/roi/requests/" + request + "/fee-schedule", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"code\": \"patient-electronic-flat\"}");
        assertThat(fee.statusCode()).isEqualTo(200);
        assertThat(build(request).statusCode()).isEqualTo(201);
        inv = json(roi().get("/api/roi/requests/" + request + "/invoice"));
        assertThat(inv.get("total").decimalValue()).isEqualByComparingTo("6.50");
        var unknown = roi().put("/api/roi/requests/" + request + "/fee-schedule", "{\"version\": "
                + fulfillment(request).get("version").asInt() + ", \"code\": \"gold-plated\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);

        var waiveWithoutReason = roi().put("/api/roi/requests/" + request + "/invoice/payment", "{\"version\": "
                + inv.get("version").asInt() + ", \"status\": \"waived\"}");
        assertThat(json(waiveWithoutReason).get("errors").get(0).get("field").asString()).isEqualTo("note");
        java.math.BigDecimal revenueBefore = json(roi().get("/api/roi/reports")).get("revenue").get("total").decimalValue();
        var paid = roi().put("/api/roi/requests/" + request + "/invoice/payment", "{\"version\": "
                + inv.get("version").asInt() + ", \"status\": \"paid\", \"paidOn\": \"" + today() + "\"}");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(json(paid).get("status").asString()).isEqualTo("paid");
        // the department's revenue report counts the payment
        assertThat(json(roi().get("/api/roi/reports")).get("revenue").get("total").decimalValue())
                .isEqualByComparingTo(revenueBefore.add(new java.math.BigDecimal("6.50")));
        var stale = roi().put("/api/roi/requests/" + request + "/invoice/payment", "{\"version\": "
                + inv.get("version").asInt() + ", \"status\": \"waived\", \"note\": \"hardship\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
    }
}
