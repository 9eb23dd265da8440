package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.Multipart;
import org.chartkeeper.PageSession;
import org.chartkeeper.audit.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The code search page, its type-ahead fragment, the code page, and the code-set administration pages. */
@IntegrationTest
class CodeSetPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    CodeSetService codes;

    @Test
    void the_type_ahead_fragment_lists_codes_with_the_dot_and_marks_headers() {
        PageSession coder = PageSession.login(port, "coder");
        HttpResponse<String> page = coder.get("/codes");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"code-search-form\"", "hx-get=\"/codes/search\"");
        HttpResponse<String> fragment = coder.get("/codes/search?q=E11&system=ICD10CM");
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).startsWith("<section id=\"code-results\"").contains(">E11<", ">header<", ">E11.10<");
        assertThat(coder.get("/codes/search?q=E119").body()).contains(">E11.9<", ">exact<");
        assertThat(coder.get("/codes/search?q=dm2").body()).contains("Type 2 diabetes mellitus");
    }

    @Test
    void the_code_page_shows_the_path_the_children_and_validity_on_a_date() {
        PageSession coder = PageSession.login(port, "coder");
        HttpResponse<String> r = coder.get("/codes/ICD10CM/E11.6");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("header: not billable", "E11.65", "E00-E89");
        assertThat(coder.get("/codes/ICD10CM/E11.65").body()).contains("badge ok", "valid");
        assertThat(coder.get("/codes/ICD10CM/chapters/4").body()).contains(">E11<");
        assertThat(coder.get("/codes/ICD10CM/NOPE").statusCode()).isEqualTo(404);
    }

    @Test
    void an_administrator_uploads_a_cms_file_on_the_code_sets_page_and_sees_the_version() {
        PageSession admin = PageSession.login(port, "admin");
        HttpResponse<String> page = admin.get("/admin/code-sets");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("demo seed", "enctype=\"multipart/form-data\"");
        byte[] zip = new CmsFormat().header("0DT", "Gastrointestinal System, Resection")
                .code("0DTJ4ZZ", "Resection of Appendix, Percutaneous Endoscopic Approach").zip("icd10pcs_order_2035.txt");
        HttpResponse<String> posted = admin.postMultipart("/admin/code-sets", new Multipart().file("file", "pcs_2035.zip", zip));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        HttpResponse<String> after = admin.follow(posted);
        assertThat(after.body()).contains("ICD-10-PCS FY2035");
        HttpResponse<String> bad = admin.postMultipart("/admin/code-sets", new Multipart().file("file", "x.txt", "x".getBytes()));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Nothing was imported", "x.txt is not a known code-set file");
    }

    @Test
    void the_differences_page_lists_added_and_deleted_codes_and_revised_titles_between_two_versions() {
        // two fiscal years of a small PCS file (FY2037, FY2038: they cover no date the other tests use)
        long from = codes.importFiles(List.of(new CodeSetService.Upload("pcs_2037.zip", new CmsFormat()
                .header("0DT", "Gastrointestinal System, Resection")
                .code("0DTJ0ZZ", "Resection of Appendix, Open Approach")
                .code("0DTJ4ZZ", "Resection of Appendix, Percutaneous Endoscopic Approach")
                .zip("icd10pcs_order_2037.txt"))), null, Actor.system("test")).getFirst().version().id();
        long to = codes.importFiles(List.of(new CodeSetService.Upload("pcs_2038.zip", new CmsFormat()
                .header("0DT", "Gastrointestinal System, Resection")
                .code("0DTJ4ZZ", "Resection of Appendix, Percutaneous Endoscopic Approach, revised")
                .code("0DTJ8ZZ", "Resection of Appendix, Via Natural or Artificial Opening Endoscopic")
                .zip("icd10pcs_order_2038.txt"))), null, Actor.system("test")).getFirst().version().id();
        PageSession admin = PageSession.login(port, "admin");
        assertThat(admin.get("/admin/code-sets").body()).contains("id=\"code-set-diff-form\"", "ICD-10-PCS FY2038");

        HttpResponse<String> page = admin.get("/admin/code-sets/diff?from=" + from + "&to=" + to);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("ICD-10-PCS FY2037", "ICD-10-PCS FY2038");
        assertThat(body).contains("<dd id=\"added-count\">1</dd>", "<dd id=\"deleted-count\">1</dd>",
                "<dd id=\"revised-count\">1</dd>");
        String added = body.substring(body.indexOf("<table id=\"added\">"), body.indexOf("<table id=\"deleted\">"));
        String deleted = body.substring(body.indexOf("<table id=\"deleted\">"), body.indexOf("<table id=\"revised\">"));
        String revised = body.substring(body.indexOf("<table id=\"revised\">"));
        assertThat(added).contains("0DTJ8ZZ", "Via Natural or Artificial Opening Endoscopic").doesNotContain("0DTJ0ZZ");
        assertThat(deleted).contains("0DTJ0ZZ", "Resection of Appendix, Open Approach").doesNotContain("0DTJ8ZZ");
        assertThat(revised).contains("0DTJ4ZZ", "Percutaneous Endoscopic Approach, revised");

        HttpResponse<String> badId = admin.get("/admin/code-sets/diff?from=abc&to=" + to);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("Give a version id");
        assertThat(admin.get("/admin/code-sets/diff?from=" + from + "&to=999999999").statusCode()).isEqualTo(404);
        long cm = codes.versions().stream().filter(v -> v.system() == CodeSystem.ICD10CM).findFirst().orElseThrow().id();
        HttpResponse<String> mixed = admin.get("/admin/code-sets/diff?from=" + from + "&to=" + cm);
        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(mixed.body()).contains("Compare two versions of one code system");
        assertThat(PageSession.login(port, "coder").get("/admin/code-sets/diff?from=" + from + "&to=" + to).statusCode())
                .isEqualTo(403);
    }

    @Test
    void a_coder_may_not_open_the_code_sets_page() {
        PageSession coder = PageSession.login(port, "coder");
        assertThat(coder.get("/admin/code-sets").statusCode()).isEqualTo(403);
        assertThat(PageSession.login(port, "auditor").get("/codes").statusCode()).isEqualTo(403);
    }
}
