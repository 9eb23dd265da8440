package org.chartkeeper.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Code search, look-up and browse over the API, on the demo hospital's code sets (no ../shared needed). */
@IntegrationTest
class CodeSearchApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private JsonNode get(String user, String path) {
        HttpResponse<String> r = Api.as(port, user).get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private List<JsonNode> search(String q) {
        JsonNode body = get("coder", "/api/codes/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        body.get("results").forEach(out::add);
        return out;
    }

    @Test
    void a_code_typed_with_or_without_the_dot_comes_first_shown_with_the_dot() {
        for (String q : List.of("E11.9", "e119", "E119")) {
            JsonNode first = search(q).getFirst();
            assertThat(first.get("code").asString()).as(q).isEqualTo("E119");
            assertThat(first.get("display").asString()).isEqualTo("E11.9");
            assertThat(first.get("exact").asBoolean()).isTrue();
        }
        assertThat(search("0DTJ4ZZ").getFirst().get("system").asString()).isEqualTo("ICD10PCS");
        assertThat(search("J0120").getFirst().get("system").asString()).isEqualTo("HCPCS");
    }

    @Test
    void abbreviations_word_order_and_plurals_find_the_titles() {
        assertThat(search("dm2").getFirst().get("title").asString()).startsWith("Type 2 diabetes mellitus");
        assertThat(search("chf").getFirst().get("title").asString()).containsIgnoringCase("heart failure");
        assertThat(search("copd").stream().map(n -> n.get("code").asString())).contains("J449");
        List<String> a = search("femur fracture").stream().map(n -> n.get("code").asString()).toList();
        List<String> b = search("fractures of the femur").stream().map(n -> n.get("code").asString()).toList();
        assertThat(a).isNotEmpty().containsExactlyInAnyOrderElementsOf(b);
    }

    @Test
    void billable_codes_come_before_headers() {
        List<JsonNode> r = search("diabetes");
        int firstHeader = -1;
        for (int i = 0; i < r.size(); i++) {
            if (!r.get(i).get("billable").asBoolean() && firstHeader < 0) firstHeader = i;
            if (firstHeader >= 0) assertThat(r.get(i).get("billable").asBoolean()).as("after a header").isFalse();
        }
        assertThat(r.getFirst().get("billable").asBoolean()).isTrue();
    }

    @Test
    void the_hierarchy_runs_from_chapter_to_category_to_subcategory_and_marks_headers() {
        JsonNode code = get("coder", "/api/codes/ICD10CM/E11.65?date=2026-01-15");
        assertThat(code.get("display").asString()).isEqualTo("E11.65");
        assertThat(code.get("billable").asBoolean()).isTrue();
        assertThat(code.get("valid").asBoolean()).isTrue();
        assertThat(code.get("chapter").get("key").asString()).isEqualTo("4");
        assertThat(code.get("path").valueStream().map(p -> p.get("display").asString())).containsExactly("E11", "E11.6");
        assertThat(code.get("path").get(0).get("billable").asBoolean()).isFalse();

        JsonNode e11 = get("coder", "/api/codes/ICD10CM/E11");
        assertThat(e11.get("billable").asBoolean()).isFalse();
        assertThat(e11.get("valid").asBoolean()).isFalse();
        assertThat(e11.get("children").valueStream().map(c -> c.get("code").asString())).contains("E119", "E116");

        JsonNode chapters = get("coder", "/api/codes/ICD10CM/chapters");
        assertThat(chapters.size()).isEqualTo(22);
        JsonNode chapter4 = get("coder", "/api/codes/ICD10CM/chapters/4");
        assertThat(chapter4.get("codes").valueStream().map(c -> c.get("code").asString())).contains("E11").doesNotContain("E119");
    }

    @Test
    void bad_input_is_answered_with_400_naming_the_parameter() {
        assertThat(field(Api.as(port, "coder").get("/api/codes/search"))).isEqualTo("q");
        assertThat(field(Api.as(port, "coder").get("/api/codes/search?q=a&date=15/01/2026"))).isEqualTo("date");
        assertThat(field(Api.as(port, "coder").get("/api/codes/search?q=a&system=ICD9"))).isEqualTo("system");
        assertThat(field(Api.as(port, "coder").get("/api/codes/search?q=a&limit=1000"))).isEqualTo("limit");
        assertThat(field(Api.as(port, "coder").get("/api/codes/search?q=" + "a".repeat(101)))).isEqualTo("q");
        HttpResponse<String> unknown = Api.as(port, "coder").get("/api/codes/ICD10CM/Q99999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).doesNotContain("Exception");
    }

    @Test
    void searching_codes_needs_code_search_which_an_auditor_does_not_have() {
        assertThat(Api.as(port, "auditor").get("/api/codes/search?q=E11").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "drsmith").get("/api/codes/search?q=E11").statusCode()).isEqualTo(200);
        assertThat(Api.as(port, "admin").get("/api/codes/search?q=E11").statusCode()).isEqualTo(403);
    }

    private static String field(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return JSON.readTree(r.body()).get("errors").get(0).get("field").asString();
    }
}
