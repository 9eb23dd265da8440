package org.chartkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing the server with SIGKILL and starting it again loses nothing that was committed: on the embedded default,
 * every audit event answered before the kill is there afterwards, with its chain intact, and so is an account lock.
 */
class CrashRecoveryTest {

    @TempDir
    Path dataDir;

    @Test
    void a_SIGKILL_loses_nothing_that_was_committed() throws Exception {
        int port = freePort();
        Process server = start(port);
        try {
            awaitHealthy(port, server);
            for (int i = 0; i < 40; i++) {
                assertThat(new Api(port, "forged-token-" + i).get("/api/me").statusCode()).isEqualTo(401);
            }
            PageSession s = PageSession.anonymous(port);
            s.get("/login");
            for (int i = 0; i < 5; i++) {
                s.postForm("/login", Map.of("username", "coder", "password", "wrong-password-" + i));
            }
        } finally {
            server.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
            server.waitFor(30, TimeUnit.SECONDS);
        }

        Process again = start(port);
        try {
            awaitHealthy(port, again);
            PageSession s = PageSession.anonymous(port);
            s.get("/login");
            var r = s.postForm("/login", Map.of("username", "coder", "password", "chartkeeper-demo"));
            assertThat(r.headers().firstValue("Location").orElse("")).as("the lock survived the crash").endsWith("/login?locked");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }

        String url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("chartkeeper").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(count(c, "select count(*) from audit_event where detail = 'invalid, expired or revoked API token'"))
                    .isEqualTo(40);
            assertThat(count(c, "select count(*) from audit_event where action = 'LOGIN_FAILED' and username = 'coder'"))
                    .isGreaterThanOrEqualTo(6);
            long head = count(c, "select last_seq from audit_chain_head where id = 1");
            assertThat(count(c, "select count(*) from audit_event")).as("no gap in the chain").isEqualTo(head);
            assertThat(count(c, "select max(seq) from audit_event")).isEqualTo(head);
        }
    }

    private Process start(int port) throws IOException {
        return ChildServer.start(dataDir, port, "--chartkeeper.hl7.port=" + freePort());
    }

    private void awaitHealthy(int port, Process p) throws Exception {
        ChildServer.awaitHealthy(dataDir, port, p, Duration.ofSeconds(90));
    }

    private String logs() throws IOException {
        return ChildServer.logs(dataDir);
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
