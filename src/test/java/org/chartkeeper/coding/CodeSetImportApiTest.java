package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.Multipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Code-set import through the API, on small files in the CMS order-file layout (fiscal years 2031 and 2032, so
 * that they sit beside the demo code sets without covering today): versions by fiscal year, re-import, validity on
 * a date, differences, audit, bad files, permissions.
 */
@IntegrationTest
class CodeSetImportApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final byte[] FY2031 = new CmsFormat()
            .header("A00", "Cholera")
            .code("A000", "Cholera due to Vibrio cholerae 01, biovar cholerae")
            .code("A001", "Cholera due to Vibrio cholerae 01, biovar eltor")
            .code("A009", "Cholera, unspecified")
            .zip("icd10cm_order_2031.txt");
    static final byte[] FY2032 = new CmsFormat()
            .header("A00", "Cholera")
            .code("A000", "Cholera due to Vibrio cholerae 01, biovar cholerae")
            .code("A002", "Cholera due to Vibrio cholerae 0139")
            .code("A009", "Cholera, not otherwise specified")
            .zip("icd10cm_order_2032.txt");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CodeSetService codes;

    long fy2031;
    long fy2032;

    @BeforeEach
    void bothYears() {
        fy2031 = importAs("admin", "test_2031_dx.zip", FY2031).get("results").get(0).get("version").get("id").asLong();
        fy2032 = importAs("admin", "test_2032_dx.zip", FY2032).get("results").get(0).get("version").get("id").asLong();
    }

    private JsonNode importAs(String user, String name, byte[] file) {
        HttpResponse<String> r = Api.as(port, user).postMultipart("/api/code-sets", new Multipart().file("file", name, file));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return JSON.readTree(r.body());
    }

    @Test
    void an_imported_cms_zip_is_a_version_of_its_fiscal_year_from_october_first_to_september_30() {
        JsonNode v = JSON.readTree(Api.as(port, "admin").get("/api/code-sets/" + fy2031).body());
        assertThat(v.get("label").asString()).isEqualTo("ICD-10-CM FY2031");
        assertThat(v.get("system").asString()).isEqualTo("ICD10CM");
        assertThat(v.get("effectiveFrom").asString()).isEqualTo("2030-10-01");
        assertThat(v.get("effectiveTo").asString()).isEqualTo("2031-09-30");
        assertThat(v.get("billableCount").asInt()).isEqualTo(3);
        assertThat(v.get("headerCount").asInt()).isEqualTo(1);
        assertThat(v.get("sha256").asString()).hasSize(64);
    }

    @Test
    void importing_the_same_file_again_changes_nothing() {
        long versions = count("select count(*) from code_set_version");
        long entries = count("select count(*) from code_set_entry");
        long events = count("select count(*) from audit_event");
        HttpResponse<String> r = Api.as(port, "admin").postMultipart("/api/code-sets",
                new Multipart().file("file", "renamed.zip", FY2031));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).get("results").get(0);
        assertThat(result.get("imported").asBoolean()).isFalse();
        assertThat(result.get("version").get("id").asLong()).isEqualTo(fy2031);
        assertThat(count("select count(*) from code_set_version")).isEqualTo(versions);
        assertThat(count("select count(*) from code_set_entry")).isEqualTo(entries);
        assertThat(count("select count(*) from audit_event")).isEqualTo(events);
    }

    @Test
    void a_code_deleted_in_the_next_fiscal_year_is_invalid_from_october_first_and_valid_the_day_before() {
        assertThat(codes.isValid(CodeSystem.ICD10CM, "A00.1", LocalDate.of(2031, 9, 30))).isTrue();
        assertThat(codes.isValid(CodeSystem.ICD10CM, "A00.1", LocalDate.of(2031, 10, 15))).isFalse();
        assertThat(codes.isValid(CodeSystem.ICD10CM, "A002", LocalDate.of(2031, 9, 30))).isFalse();
        assertThat(codes.isValid(CodeSystem.ICD10CM, "A002", LocalDate.of(2031, 10, 1))).isTrue();
        JsonNode v = JSON.readTree(Api.as(port, "coder").get("/api/codes/ICD10CM/A00.1/validity?date=2031-10-15").body());
        assertThat(v.get("valid").asBoolean()).isFalse();
        assertThat(v.get("version").asString()).isEqualTo("ICD-10-CM FY2032");
        assertThat(v.get("reason").asString()).contains("A00.1 is not a code in ICD-10-CM FY2032");
    }

    @Test
    void a_header_code_is_not_valid_for_reporting() {
        var v = codes.validity(CodeSystem.ICD10CM, "A00", LocalDate.of(2031, 1, 1));
        assertThat(v.valid()).isFalse();
        assertThat(v.reason()).contains("header");
    }

    @Test
    void the_differences_between_two_years_list_added_and_deleted_codes_and_revised_titles() {
        HttpResponse<String> r = Api.as(port, "coder").get("/api/code-sets/diff?from=" + fy2031 + "&to=" + fy2032);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = JSON.readTree(r.body());
        assertThat(d.get("addedCount").asLong()).isEqualTo(1);
        assertThat(d.get("added").get(0).get("display").asString()).isEqualTo("A00.2");
        assertThat(d.get("deletedCount").asLong()).isEqualTo(1);
        assertThat(d.get("deleted").get(0).get("code").asString()).isEqualTo("A001");
        assertThat(d.get("revisedCount").asLong()).isEqualTo(1);
        assertThat(d.get("revised").get(0).get("before").asString()).isEqualTo("Cholera, unspecified");
        assertThat(d.get("revised").get(0).get("after").asString()).isEqualTo("Cholera, not otherwise specified");
    }

    @Test
    void an_import_is_audited_as_an_administrative_change_naming_the_file_and_its_hash() {
        byte[] fy2033 = new CmsFormat().header("B99", "Other and unspecified infectious diseases")
                .code("B999", "Unspecified infectious disease").zip("icd10cm_order_2033.txt");
        JsonNode result = importAs("admin", "audited_2033_dx.zip", fy2033).get("results").get(0);
        if (!result.get("imported").asBoolean()) return; // imported by an earlier run in this context
        String detail = jdbc.sql("select detail from audit_event where action = 'ADMIN_CHANGE' and resource_type ="
                        + " 'CodeSetVersion' and resource_id = ? and username = 'admin'")
                .param(String.valueOf(result.get("version").get("id").asLong())).query(String.class).single();
        assertThat(detail).contains("ICD-10-CM FY2033", "audited_2033_dx.zip", CodeSetFile.sha256(fy2033),
                "1 billable codes, 1 headers");
    }

    @Test
    void a_different_file_for_a_year_already_imported_is_refused_and_changes_nothing() {
        long versions = count("select count(*) from code_set_version");
        byte[] other = new CmsFormat().header("A00", "Cholera").code("A000", "Something else").zip("icd10cm_order_2031.txt");
        HttpResponse<String> r = Api.as(port, "admin").postMultipart("/api/code-sets", new Multipart().file("file", "x.zip", other));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("errors").get(0).get("field").asString()).isEqualTo("file");
        assertThat(r.body()).contains("ICD-10-CM FY2031 is already imported");
        assertThat(count("select count(*) from code_set_version")).isEqualTo(versions);
    }

    @Test
    void a_file_that_is_not_a_code_set_is_refused_with_400_naming_the_file() {
        long versions = count("select count(*) from code_set_version");
        HttpResponse<String> r = Api.as(port, "admin").postMultipart("/api/code-sets",
                new Multipart().file("file", "notes.txt", "hello".getBytes()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(r.body()).contains("notes.txt is not a known code-set file");
        byte[] broken = ("00001 A00     0 Cholera" + " ".repeat(53) + "Cholera\r\n00002 A000    7 Bad flag\r\n").getBytes();
        r = Api.as(port, "admin").postMultipart("/api/code-sets", new Multipart().file("file", "icd10cm_order_2040.txt", broken));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("line 2");
        r = Api.as(port, "admin").postMultipart("/api/code-sets", new Multipart().field("year", "2031"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(count("select count(*) from code_set_version")).isEqualTo(versions);
    }

    @Test
    void a_user_supplied_cpt_file_imports_as_a_calendar_year_and_needs_its_year() {
        byte[] cpt = "code,description\n99991,Test visit one\n99992,\"Test visit two, extended\"\n".getBytes();
        HttpResponse<String> noYear = Api.as(port, "admin").postMultipart("/api/code-sets",
                new Multipart().file("file", "cpt.csv", cpt));
        assertThat(noYear.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noYear.body()).get("errors").get(0).get("field").asString()).isEqualTo("year");
        HttpResponse<String> withYear = Api.as(port, "admin").postMultipart("/api/code-sets",
                new Multipart().file("file", "cpt.csv", cpt).field("year", "2031"));
        JsonNode version = JSON.readTree(withYear.body()).get("results").get(0).get("version");
        assertThat(version.get("label").asString()).isEqualTo("CPT 2031");
        assertThat(version.get("effectiveFrom").asString()).isEqualTo("2031-01-01");
        assertThat(version.get("billableCount").asInt()).isEqualTo(2);
        assertThat(codes.isValid(CodeSystem.CPT, "99992", LocalDate.of(2031, 6, 1))).isTrue();
        assertThat(codes.isValid(CodeSystem.CPT, "99992", LocalDate.of(2032, 1, 1))).isFalse();
    }

    @Test
    void a_coder_may_read_versions_but_not_import_and_an_auditor_may_do_neither() {
        assertThat(Api.as(port, "coder").get("/api/code-sets").statusCode()).isEqualTo(200);
        assertThat(Api.as(port, "coder").postMultipart("/api/code-sets", new Multipart().file("file", "a.zip", FY2031))
                .statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "auditor").get("/api/code-sets").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "director").postMultipart("/api/code-sets", new Multipart().file("file", "a.zip", FY2031))
                .statusCode()).isEqualTo(200);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
