package org.chartkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.PageSession;
import org.chartkeeper.audit.Actor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An administrator's change to an account reaches that user's open sessions at once. */
@IntegrationTest
class OpenSessionsFollowTheAccountTest {

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Test
    void disabling_an_account_signs_out_its_open_session_at_once() {
        UserAccount u = users.create("leaver" + System.nanoTime() % 1_000_000, "Lee Leaver", "correct-horse-battery",
                Set.of("him"), false, Actor.system("test"));
        PageSession s = PageSession.login(port, u.username(), "correct-horse-battery");
        assertThat(s.get("/patients").statusCode()).isEqualTo(200);

        users.setEnabled(u.id(), false, users.get(u.id()).version());

        var r = s.get("/patients");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/login?disabled");
        assertThat(s.get("/").headers().firstValue("Location").orElse("")).as("the session is gone").contains("/login");
    }

    @Test
    void removing_a_role_takes_effect_in_an_open_session_at_once() {
        UserAccount u = users.create("mover" + System.nanoTime() % 1_000_000, "Mo Mover", "correct-horse-battery",
                Set.of("him"), false, Actor.system("test"));
        PageSession s = PageSession.login(port, u.username(), "correct-horse-battery");
        assertThat(s.get("/patients").statusCode()).isEqualTo(200);

        users.setRoles(u.id(), Set.of("auditor"), users.get(u.id()).version());

        assertThat(s.get("/patients").statusCode()).as("auditors may not search patients").isEqualTo(403);
        assertThat(s.get("/audit/events").statusCode()).as("the new role applies").isEqualTo(200);
    }
}
