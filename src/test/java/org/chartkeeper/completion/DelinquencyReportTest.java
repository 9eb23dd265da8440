package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The delinquency report: a record incomplete past 30 days is listed, counted, rated and exported. */
@IntegrationTest
class DelinquencyReportTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeficiencyService deficiencies;

    @Test
    void a_record_incomplete_31_days_after_discharge_is_delinquent_in_the_report_its_rate_and_its_csv() {
        Instant now = Instant.now();
        CompletionFixtures f = CompletionFixtures.stay(jdbc, "INPATIENT", now.minus(Duration.ofDays(36)), now.minus(Duration.ofDays(31)));
        f.document("history-physical", now.minus(Duration.ofDays(36)).plusSeconds(3600), now.minus(Duration.ofDays(36)).plusSeconds(7200), null);
        f.document("discharge-summary", now.minus(Duration.ofDays(31)), null, null);
        deficiencies.analyzeEncounter(f.encounterId);
        String mrn = jdbc.sql("select mrn from patient where id = ?").param(f.patientId).query(String.class).single();

        JsonNode r = JsonMapper.builder().build().readTree(Api.as(port, "him").get("/api/completion/delinquency").body());
        long delinquent = r.get("delinquentRecords").asLong();
        double average = r.get("averageMonthlyDischarges").asDouble();
        assertThat(delinquent).isPositive();
        assertThat(r.get("ratePercent").asDouble()).isCloseTo(Math.round(delinquent * 1000.0 / average) / 10.0,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.get("alert").asBoolean()).isEqualTo(r.get("ratePercent").asDouble() >= 50);
        assertThat(r.get("alertPercent").asInt()).isEqualTo(50);
        assertThat(r.get("trend").size()).isEqualTo(12);
        assertThat(r.get("trend").get(11).get("delinquent").asLong()).isEqualTo(delinquent);
        boolean listed = false;
        for (JsonNode rec : r.get("records")) listed |= rec.get("encounterId").asLong() == f.encounterId;
        assertThat(listed).as("the stay is a delinquent record").isTrue();
        boolean byProvider = false;
        for (JsonNode p : r.get("byProvider")) byProvider |= p.get("providerId").asLong() == f.attendingId;
        assertThat(byProvider).isTrue();

        var csv = PageSession.login(port, "director").get("/completion/delinquency.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("mrn,account,department,attending,discharged,delinquent_since,open_items")
                .contains(mrn);
        var page = PageSession.login(port, "him").get("/completion/delinquency");
        assertThat(page.body()).contains("id=\"delinquency-trend\"").contains("delinquent-count");
        assertThat(Api.as(port, "drsmith").get("/api/completion/delinquency").statusCode()).isEqualTo(403);
        assertThat(Api.as(port, "him").get("/api/completion/delinquency?months=99").statusCode()).isEqualTo(400);

        // signing the discharge summary completes the record: no longer delinquent
        long ds = jdbc.sql("select id from document where encounter_id = ? and type_code = 'discharge-summary'")
                .param(f.encounterId).query(Long.class).single();
        f.sign(ds, now);
        deficiencies.analyzeEncounter(f.encounterId);
        JsonNode after = JsonMapper.builder().build().readTree(Api.as(port, "him").get("/api/completion/delinquency").body());
        assertThat(after.get("delinquentRecords").asLong()).isEqualTo(delinquent - 1);
    }
}
