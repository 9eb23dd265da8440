package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.chartkeeper.Api;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real ICD-10-CM FY2025 and FY2026 files from ../shared/codesets imported side by side: validity follows the
 * version in effect on the discharge date, and the differences are CMS's counts.
 */
@IntegrationTest
class CmsFiscalYearValidityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    CodeSetService codes;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    private List<ImportResult> importBothYears() {
        byte[] fy2025 = CmsFiles.bytes("cms_2025_dx.zip");
        byte[] fy2026 = CmsFiles.bytes("cms_2026_dx.zip");
        return codes.importFiles(List.of(new CodeSetService.Upload("cms_2025_dx.zip", fy2025),
                new CodeSetService.Upload("cms_2026_dx.zip", fy2026)), null, Actor.system("test"));
    }

    @Test
    void a_code_deleted_in_fy2026_is_invalid_for_a_discharge_on_2025_10_15_and_valid_on_2025_09_30() {
        List<ImportResult> r = importBothYears();
        assertThat(r.get(0).version().label()).isEqualTo("ICD-10-CM FY2025");
        assertThat(r.get(1).version().label()).isEqualTo("ICD-10-CM FY2026");
        assertThat(r.get(1).version().billableCount()).isEqualTo(74_719);
        assertThat(r.get(1).version().headerCount()).isEqualTo(23_467);

        // Z91.011 (allergy to milk products) was subdivided in FY2026: a header, no longer reportable
        assertThat(codes.isValid(CodeSystem.ICD10CM, "Z91.011", LocalDate.of(2025, 9, 30))).isTrue();
        assertThat(codes.isValid(CodeSystem.ICD10CM, "Z91.011", LocalDate.of(2025, 10, 15))).isFalse();
        // B88.01 is new in FY2026
        assertThat(codes.isValid(CodeSystem.ICD10CM, "B88.01", LocalDate.of(2025, 9, 30))).isFalse();
        assertThat(codes.isValid(CodeSystem.ICD10CM, "B88.01", LocalDate.of(2025, 10, 15))).isTrue();
        // unchanged codes are valid in both
        assertThat(codes.isValid(CodeSystem.ICD10CM, "E11.10", LocalDate.of(2025, 9, 30))).isTrue();
        assertThat(codes.isValid(CodeSystem.ICD10CM, "E11.10", LocalDate.of(2025, 10, 15))).isTrue();
    }

    @Test
    void from_fy2025_to_fy2026_487_codes_are_added_and_28_deleted() {
        List<ImportResult> r = importBothYears();
        CodeSetDiff diff = codes.diff(r.get(0).version().id(), r.get(1).version().id(), 50);
        assertThat(diff.addedCount()).isEqualTo(487);
        assertThat(diff.deletedCount()).isEqualTo(28);
        assertThat(diff.deleted()).extracting(CodeRef::display).contains("Z91.011", "D71", "G35");
        assertThat(diff.added()).hasSize(50);
    }

    /** An emergency visit on the day given, coded over the API with one diagnosis: the edits the coder sees. */
    private List<String> editsOfAVisitCoded(LocalDate day, String code) {
        OffsetDateTime arrived = day.atTime(8, 0).atOffset(ZoneOffset.UTC);
        long e = CodingFixtures.encounter(jdbc, "EMERGENCY", arrived, arrived.plusHours(6));
        HttpResponse<String> r = Api.as(port, "coder").put("/api/encounters/" + e + "/coding",
                "{\"diagnoses\":[{\"code\":\"" + code + "\"}],\"version\":0}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode edits = JSON.readTree(r.body()).get("edits");
        List<String> out = new java.util.ArrayList<>();
        edits.valueStream().forEach(f -> out.add(f.get("edit").asString() + ": " + f.get("message").asString()));
        return out;
    }

    @Test
    void an_encounter_coded_with_a_code_deleted_in_fy2026_gets_the_invalid_code_edit_when_discharged_in_fy2026_only() {
        importBothYears();
        // S30.1XXA (contusion of abdominal wall, initial encounter) is in FY2025 and no longer in FY2026
        assertThat(editsOfAVisitCoded(LocalDate.of(2025, 9, 30), "S30.1XXA")).isEmpty();
        assertThat(editsOfAVisitCoded(LocalDate.of(2025, 10, 15), "S30.1XXA"))
                .containsExactly("invalid-code: S30.1XXA is not a code in ICD-10-CM FY2026");
        // and the other way round, B88.01 is new in FY2026
        assertThat(editsOfAVisitCoded(LocalDate.of(2025, 9, 30), "B88.01"))
                .containsExactly("invalid-code: B88.01 is not a code in ICD-10-CM FY2025");
        assertThat(editsOfAVisitCoded(LocalDate.of(2025, 10, 15), "B88.01")).isEmpty();
    }
}
