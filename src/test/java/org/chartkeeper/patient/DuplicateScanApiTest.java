package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The batch duplicate scan over HTTP: job, progress, candidates, work items, and what it must never propose. */
@IntegrationTest
class DuplicateScanApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired UserService users;

    MatchFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new MatchFixtures(jdbc, users);
    }

    @Test
    void a_scan_finds_duplicates_creates_review_items_and_skips_decided_and_merged_pairs() {
        String f1 = MatchFixtures.family("Scanme");
        long william = fx.insert(MatchFixtures.person("William", f1, LocalDate.of(1955, 10, 3), "male", "12 Harbor Road"));
        long bill = fx.insert(MatchFixtures.person("Bill", f1, LocalDate.of(1955, 10, 3), "male", "12 Harbor Rd"));
        String f2 = MatchFixtures.family("Notdup");
        long x = fx.insert(MatchFixtures.person("Theresa", f2, LocalDate.of(1966, 1, 20), "female", "40 Vine Street"));
        long y = fx.insert(MatchFixtures.person("Theresa", f2, LocalDate.of(1966, 1, 20), "female", "40 Vine St"));
        jdbc.sql("insert into not_duplicate (patient_a, patient_b, decided_by, decided_at, reason) values (?, ?, 'him', ?, 'test')")
                .params(Math.min(x, y), Math.max(x, y), OffsetDateTime.now(ZoneOffset.UTC)).update();
        String f3 = MatchFixtures.family("Merged");
        long keep = fx.insert(MatchFixtures.person("Oswald", f3, LocalDate.of(1944, 4, 4), "male", "2 Mill Lane"));
        long gone = fx.insert(MatchFixtures.person("Oswald", f3, LocalDate.of(1944, 4, 4), "male", "2 Mill Lane"));
        jdbc.sql("update patient set status = 'merged', merged_into = ? where id = ?").params(keep, gone).update();
        String f4 = MatchFixtures.family("Twin");
        long ann = fx.insert(MatchFixtures.person("Annabel", f4, LocalDate.of(2010, 9, 9), "female", "8 Ash Way"));
        long zoe = fx.insert(MatchFixtures.person("Zoe", f4, LocalDate.of(2010, 9, 9), "female", "8 Ash Way"));

        JsonNode job = runScan();

        assertThat(job.get("status").asString()).isEqualTo("done");
        assertThat(job.get("patientsScanned").asLong()).isEqualTo(job.get("patientsTotal").asLong()).isGreaterThan(2000);
        assertThat(job.get("pairsCompared").asLong()).isPositive()
                .isLessThan(job.get("patientsTotal").asLong() * job.get("patientsTotal").asLong() / 20);
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);

        List<JsonNode> pairs = allDuplicates(0.5);
        JsonNode found = pair(pairs, william, bill);
        assertThat(found).as("William and Bill").isNotNull();
        assertThat(found.get("status").asString()).isEqualTo("open");
        assertThat(found.get("grade").asString()).isEqualTo("certain");
        assertThat(found.get("score").asDouble()).isBetween(0.95, 1.0);
        assertThat(found.get("explanation").valueStream().map(JsonNode::asString)).anyMatch(l -> l.startsWith("first name: nickname"));
        assertThat(pair(pairs, x, y)).as("decided not to be duplicates").isNull();
        assertThat(pairs).as("merged patient").noneMatch(p -> p.get("patientA").asString().equals(String.valueOf(gone))
                || p.get("patientB").asString().equals(String.valueOf(gone)));
        assertThat(pair(pairs, ann, zoe)).as("twins").isNull();

        long candidateId = found.get("id").asLong();
        var item = jdbc.sql("select item_type, subject_type, subject_id, patient_id, title, status from work_item where id = ?")
                .param(found.get("workItemId").asLong()).query().singleRow();
        assertThat(item.get("item_type")).isEqualTo("duplicate-review");
        assertThat(item.get("subject_type")).isEqualTo("DuplicateCandidate");
        assertThat(((Number) item.get("subject_id")).longValue()).isEqualTo(candidateId);
        assertThat(((Number) item.get("patient_id")).longValue()).isEqualTo(Math.min(william, bill));
        assertThat((String) item.get("title")).doesNotContain(f1).doesNotContain("William");

        // a second scan proposes nothing twice
        long itemsBefore = countItems();
        JsonNode again = runScan();
        assertThat(again.get("id").asLong()).isNotEqualTo(job.get("id").asLong());
        assertThat(jdbc.sql("select count(*) from duplicate_candidate where patient_a = ? and patient_b = ?")
                .params(Math.min(william, bill), Math.max(william, bill)).query(Long.class).single()).isEqualTo(1);
        assertThat(countItems()).isEqualTo(itemsBefore + again.get("candidatesFound").asLong());
    }

    @Test
    void the_demo_hospitals_planted_duplicates_are_found() {
        runScan();
        // DemoHospital plants re-registrations after the regular patients: their MRNs are the highest numbers
        List<Long> planted = jdbc.sql("select id from patient where facility_code = 'CKGH' and length(mrn) = 8 order by mrn desc limit 5")
                .query(Long.class).list();
        List<JsonNode> pairs = allDuplicates(0.5);
        for (long p : planted) {
            assertThat(pairs).as("planted duplicate " + p).anyMatch(n -> n.get("patientA").asString().equals(String.valueOf(p))
                    || n.get("patientB").asString().equals(String.valueOf(p)));
        }
    }

    @Test
    void only_the_him_role_may_start_a_scan_and_bad_filters_are_named() {
        HttpResponse<String> coder = Api.as(port, "coder").post("/api/mpi/duplicate-scan", "");
        assertThat(coder.statusCode()).isEqualTo(403);
        HttpResponse<String> bad = Api.as(port, "him").get("/api/mpi/duplicates?minScore=high");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("minScore");
        assertThat(Api.as(port, "him").get("/api/mpi/duplicates?minScore=1.5").statusCode()).isEqualTo(400);
        assertThat(Api.as(port, "him").get("/api/mpi/jobs/999999").statusCode()).isEqualTo(404);
        // the privacy officer may see the list (it is audited), but not start scans
        assertThat(Api.as(port, "privacy").get("/api/mpi/duplicates").statusCode()).isEqualTo(200);
        assertThat(Api.as(port, "privacy").post("/api/mpi/duplicate-scan", "").statusCode()).isEqualTo(403);
    }

    @Test
    void the_list_is_paged_filtered_by_score_and_records_which_patients_it_showed() {
        String f = MatchFixtures.family("Paged");
        long a = fx.insert(MatchFixtures.person("Dorothy", f, LocalDate.of(1933, 3, 3), "female", "6 Lake Dr"));
        long b = fx.insert(MatchFixtures.person("Dot", f, LocalDate.of(1933, 3, 3), "female", "6 Lake Drive"));
        runScan();
        JsonNode page = JSON.readTree(Api.as(port, "him").get("/api/mpi/duplicates?minScore=0.9&page=0&size=1").body());
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("items").size()).isEqualTo(1);
        assertThat(page.get("total").asLong()).isPositive();
        assertThat(allDuplicates(0.9)).allMatch(p -> p.get("score").asDouble() >= 0.9);
        assertThat(pair(allDuplicates(0.9), a, b)).isNotNull();
        String shown = jdbc.sql("select detail from audit_event where username = 'him' and resource_type = 'DuplicateCandidate'"
                + " order by seq desc limit 1").query(String.class).single();
        assertThat(shown).contains("patients shown:");
    }

    private JsonNode runScan() {
        HttpResponse<String> started = Api.as(port, "him").post("/api/mpi/duplicate-scan", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = JSON.readTree(started.body()).get("id").asLong();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/mpi/jobs/" + id);
        for (int i = 0; i < 600; i++) {
            JsonNode job = JSON.readTree(Api.as(port, "him").get("/api/mpi/jobs/" + id).body());
            String status = job.get("status").asString();
            if (!status.equals("running") && !status.equals("queued")) return job;
            sleep();
        }
        throw new AssertionError("scan " + id + " did not finish in 60 s");
    }

    private List<JsonNode> allDuplicates(double minScore) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> r = Api.as(port, "him").get("/api/mpi/duplicates?minScore=" + minScore + "&size=500&page=" + page);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            body.get("items").forEach(all::add);
            if (body.get("items").size() < 500) return all;
        }
    }

    private static JsonNode pair(List<JsonNode> pairs, long a, long b) {
        String lo = String.valueOf(Math.min(a, b));
        String hi = String.valueOf(Math.max(a, b));
        return pairs.stream().filter(p -> p.get("patientA").asString().equals(lo) && p.get("patientB").asString().equals(hi))
                .findFirst().orElse(null);
    }

    private long countItems() {
        return jdbc.sql("select count(*) from work_item where item_type = 'duplicate-review'").query(Long.class).single();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
