package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The merge, unmerge and duplicate-decision API over real HTTP. */
@IntegrationTest
class MergeApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> TABLES = List.of("patient", "encounter", "patient_identifier",
            "duplicate_candidate", "not_duplicate", "work_item", "patient_merge");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    MergeFixtures db;

    @BeforeEach
    void fixtures() {
        db = new MergeFixtures(jdbc, template);
    }

    @Test
    void records_with_a_different_birth_date_or_sex_merge_only_with_an_override_and_a_reason() {
        long survivor = db.patient("Conflict", "Eve", LocalDate.of(1970, 1, 2), "female");
        long retired = db.patient("Conflict", "Eve", LocalDate.of(1970, 2, 1), "male");
        db.encounter(retired);
        Map<String, List<String>> before = db.dumpAll(TABLES);
        Api him = Api.as(port, "him");

        var refused = him.post("/api/mpi/merge", merge(survivor, retired, "same person", null));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("override");
        assertThat(problem.get("detail").asString()).contains("date of birth").contains("sex");

        var noReason = him.post("/api/mpi/merge", merge(survivor, retired, " ", true));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReason.body()).get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(db.dumpAll(TABLES)).as("a refused merge changes nothing").isEqualTo(before);

        var merged = him.post("/api/mpi/merge", merge(survivor, retired, "Birth date keyed as 02/01; sex corrected at registration", true));
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(201);
        assertThat(count("select count(*) from encounter where patient_id = ?", survivor)).isEqualTo(1);
        assertThat(jdbc.sql("select reason from patient_merge where id = ?").param(JSON.readTree(merged.body()).get("id").asLong())
                .query(String.class).single()).startsWith("Birth date keyed");
        assertThat(db.history(retired)).anyMatch(h -> h.contains("override"));
    }

    @Test
    void a_pair_judged_to_be_different_people_needs_an_override_to_merge() {
        LocalDate born = LocalDate.of(1990, 5, 6);
        long a = db.patient("Twin", "Amy", born, "female");
        long b = db.patient("Twin", "Ann", born, "female");
        db.notDuplicate(a, b);
        var refused = Api.as(port, "him").post("/api/mpi/merge", merge(a, b, null, null));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("detail").asString()).contains("different people");
    }

    @Test
    void merging_needs_the_merge_permission_and_the_refusal_is_audited() {
        LocalDate born = LocalDate.of(1955, 9, 9);
        long a = db.patient("Perm", "Ivy", born, "female");
        long b = db.patient("Perm", "Ivy", born, "female");
        long seq = db.lastSeq();
        var refused = Api.as(port, "coder").post("/api/mpi/merge", merge(a, b, null, null));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(db.eventsSince(seq)).anyMatch(e -> "coder".equals(e.username()) && "DENIED".equals(e.outcome()));
        assertThat(jdbc.sql("select status from patient where id = ?").param(b).query(String.class).single()).isEqualTo("active");
    }

    @Test
    void bad_merge_requests_are_answered_naming_the_field() {
        long a = db.patient("Bad", "Request", LocalDate.of(1980, 1, 1), "male");
        Api him = Api.as(port, "him");
        assertThat(field(him.post("/api/mpi/merge", "{\"retiredId\": " + a + "}"))).isEqualTo("survivorId");
        assertThat(field(him.post("/api/mpi/merge", merge(a, a, null, null)))).isEqualTo("retiredId");
        assertThat(him.post("/api/mpi/merge", merge(a, 999_999_999L, null, null)).statusCode()).isEqualTo(404);
        assertThat(him.post("/api/mpi/merges/999999999/unmerge", "{}").statusCode()).isEqualTo(404);
        long b = db.patient("Bad", "Request", LocalDate.of(1980, 1, 1), "male");
        long c = db.patient("Bad", "Request", LocalDate.of(1980, 1, 1), "male");
        assertThat(him.post("/api/mpi/merge", merge(a, b, null, null)).statusCode()).isEqualTo(201);
        assertThat(field(him.post("/api/mpi/merge", merge(c, b, null, null)))).as("already merged").isEqualTo("retiredId");
        assertThat(field(him.post("/api/mpi/merge", merge(b, c, null, null)))).as("merged survivor").isEqualTo("survivorId");
    }

    @Test
    void not_a_duplicate_is_remembered_and_closes_the_review_item() {
        LocalDate born = LocalDate.of(1944, 4, 4);
        long a = db.patient("Decide", "Noah", born, "male");
        long b = db.patient("Decide", "Nora", born, "female");
        long candidate = db.candidateWithItem(a, b, 0.7, "given name: jaro-winkler 0.9");
        long item = jdbc.sql("select work_item_id from duplicate_candidate where id = ?").param(candidate).query(Long.class).single();
        Api him = Api.as(port, "him");

        var stale = him.post("/api/mpi/duplicates/" + candidate + "/decision", "{\"decision\": \"not-duplicate\", \"version\": 7}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(field(him.post("/api/mpi/duplicates/" + candidate + "/decision", "{\"decision\": \"maybe\", \"version\": 0}")))
                .isEqualTo("decision");

        var decided = him.post("/api/mpi/duplicates/" + candidate + "/decision",
                "{\"decision\": \"not-duplicate\", \"version\": 0, \"reason\": \"Brother and sister\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(JSON.readTree(decided.body()).get("status").asString()).isEqualTo("not-duplicate");
        assertThat(count("select count(*) from not_duplicate where patient_a = ? and patient_b = ?", Math.min(a, b), Math.max(a, b)))
                .isEqualTo(1);
        assertThat(jdbc.sql("select status || '/' || outcome from work_item where id = ?").param(item).query(String.class).single())
                .isEqualTo("DONE/not-duplicate");
        var twice = him.post("/api/mpi/duplicates/" + candidate + "/decision", "{\"decision\": \"merge\", \"version\": 1, \"survivorId\": " + a + "}");
        assertThat(field(twice)).isEqualTo("decision");
    }

    @Test
    void needs_investigation_keeps_the_item_open_with_the_investigator_then_a_merge_decision_closes_it() {
        LocalDate born = LocalDate.of(1966, 6, 16);
        long a = db.patient("Investigate", "Olga", born, "female");
        long b = db.patient("Investigate", "Olga", born, "female");
        db.encounter(b);
        long candidate = db.candidateWithItem(a, b, 0.93, "all fields agree");
        long item = jdbc.sql("select work_item_id from duplicate_candidate where id = ?").param(candidate).query(Long.class).single();
        Api him = Api.as(port, "him");

        var investigating = him.post("/api/mpi/duplicates/" + candidate + "/decision", "{\"decision\": \"investigate\", \"version\": 0}");
        assertThat(investigating.statusCode()).as(investigating.body()).isEqualTo(200);
        assertThat(jdbc.sql("select status from work_item where id = ?").param(item).query(String.class).single())
                .isEqualTo("IN_PROGRESS");

        assertThat(field(him.post("/api/mpi/duplicates/" + candidate + "/decision",
                "{\"decision\": \"merge\", \"version\": 1, \"survivorId\": 12345}"))).isEqualTo("survivorId");
        var merged = him.post("/api/mpi/duplicates/" + candidate + "/decision",
                "{\"decision\": \"merge\", \"version\": 1, \"survivorId\": " + a + ", \"reason\": \"Same SSN on the ID card\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(merged.body());
        assertThat(result.get("status").asString()).isEqualTo("merged");
        assertThat(jdbc.sql("select candidate_id from patient_merge where id = ?").param(result.get("mergeId").asLong())
                .query(Long.class).single()).isEqualTo(candidate);
        assertThat(jdbc.sql("select status || '/' || outcome from work_item where id = ?").param(item).query(String.class).single())
                .isEqualTo("DONE/merged");
        assertThat(count("select count(*) from encounter where patient_id = ?", a)).isEqualTo(1);

        var history = him.get("/api/patients/" + b + "/merges");
        assertThat(history.statusCode()).isEqualTo(200);
        JsonNode h = JSON.readTree(history.body());
        assertThat(h.get("status").asString()).isEqualTo("merged");
        assertThat(h.get("mergedInto").asLong()).isEqualTo(a);
        assertThat(h.get("merges").get(0).get("candidateId").asLong()).isEqualTo(candidate);
    }

    @Test
    void completing_a_review_item_as_merged_before_merging_is_refused() {
        LocalDate born = LocalDate.of(1977, 7, 7);
        long a = db.patient("Early", "Pia", born, "female");
        long b = db.patient("Early", "Pia", born, "female");
        long candidate = db.candidateWithItem(a, b, 0.9, "all fields agree");
        long item = jdbc.sql("select work_item_id from duplicate_candidate where id = ?").param(candidate).query(Long.class).single();
        Api him = Api.as(port, "him");
        assertThat(him.post("/api/work-items/" + item + "/claim", "{\"version\": 0}").statusCode()).isEqualTo(200);
        var refused = him.post("/api/work-items/" + item + "/complete",
                "{\"version\": 1, \"outcome\": \"merged\", \"resolution\": \"done\"}");
        assertThat(field(refused)).isEqualTo("outcome");
        assertThat(jdbc.sql("select status from work_item where id = ?").param(item).query(String.class).single())
                .isEqualTo("IN_PROGRESS");
    }

    @Test
    void the_kpi_counts_open_pairs_and_merged_records_over_all_registrations() {
        var r = Api.as(port, "director").get("/api/mpi/kpi");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode k = JSON.readTree(r.body());
        long registrations = count("select count(*) from patient");
        long open = count("select count(*) from duplicate_candidate where status in ('open', 'investigating')");
        long merged = count("select count(*) from patient where status = 'merged'");
        assertThat(k.get("registrations").asLong()).isEqualTo(registrations);
        assertThat(k.get("duplicateRate").asDouble()).isCloseTo((double) (open + merged) / registrations,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(k.get("weeks").size()).isEqualTo(MpiKpiService.WEEKS);
    }

    private static String merge(long survivor, long retired, String reason, Boolean override) {
        return "{\"survivorId\": " + survivor + ", \"retiredId\": " + retired
                + (reason == null ? "" : ", \"reason\": \"" + reason + "\"")
                + (override == null ? "" : ", \"override\": " + override) + "}";
    }

    private static String field(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return JSON.readTree(r.body()).get("errors").get(0).get("field").asString();
    }

    private long count(String sql, Object... args) {
        return jdbc.sql(sql).params(args).query(Long.class).single();
    }
}
