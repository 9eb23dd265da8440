package org.chartkeeper.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.chartkeeper.Api;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** If the audit trail cannot record an access, the access is refused and no patient data leaves the server. */
@IntegrationTest
class AuditFailsClosedTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.chartkeeper.security.UserService users;

    @Autowired
    org.chartkeeper.security.ApiTokenService tokens;

    @Test
    void when_the_audit_event_cannot_be_written_the_chart_is_not_shown() {
        long patientId = jdbc.sql("select min(id) from patient where not restricted").query(Long.class).single();
        String family = jdbc.sql("select family_name from patient where id = ?").param(patientId).query(String.class).single();
        String username = "failclosed" + System.nanoTime() % 1_000_000;
        var user = users.create(username, "Fail Closed", "correct-horse-battery", java.util.Set.of("roi"), false, Actor.system("test"));
        tokens.issueWithSecret(user.id(), "test", "token-" + username, null, Actor.system("test"));
        Api api = new Api(port, "token-" + username);
        // A DBA-level fault that makes every audit insert for this one user fail (others are unaffected).
        jdbc.sql("alter table audit_event add constraint ck_test_audit_down check (username <> '" + username + "')").update();
        try {
            var r = api.get("/api/patients/" + patientId);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            assertThat(r.body()).contains("audit trail").doesNotContain(family);
        } finally {
            jdbc.sql("alter table audit_event drop constraint ck_test_audit_down").update();
        }
        assertThat(api.get("/api/patients/" + patientId).statusCode()).isEqualTo(200);
    }
}
