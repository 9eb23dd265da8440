package org.chartkeeper.interop.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.chartkeeper.ChildServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during a load of ADT messages: after a restart, every message that was acknowledged AA is there, processed,
 * with its audit events in an intact chain; a resend of any of them is answered from the store and not applied again.
 * On the embedded database, and on PostgreSQL (a schema of its own) in the suite's PostgreSQL run.
 */
@org.junit.jupiter.api.Tag("database")
class Hl7CrashRecoveryTest {

    @TempDir
    Path dataDir;

    /** On PostgreSQL: the schema of this run; null on the embedded database. */
    String schema;

    @org.junit.jupiter.api.BeforeEach
    void database() throws Exception {
        if (!org.chartkeeper.TestDatabase.postgres()) return;
        schema = "ck_crash_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(org.chartkeeper.TestDatabase.postgresUrl(), "postgres", "")) {
            c.createStatement().execute("create schema " + schema);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void dropSchema() throws Exception {
        if (schema == null) return;
        try (Connection c = DriverManager.getConnection(org.chartkeeper.TestDatabase.postgresUrl(), "postgres", "")) {
            c.createStatement().execute("drop schema if exists " + schema + " cascade");
        }
    }

    private Connection database(boolean unused) throws java.sql.SQLException {
        if (schema != null) {
            String url = org.chartkeeper.TestDatabase.postgresUrl();
            return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, "postgres", "");
        }
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db").resolve("chartkeeper").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
    }

    @Test
    void every_acknowledged_message_survives_a_SIGKILL_during_a_load() throws Exception {
        int port = freePort();
        int hl7 = freePort();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> other = new java.util.concurrent.CopyOnWriteArrayList<>();
        Process server = start(port, hl7);
        try {
            awaitHealthy(port, server);
            List<Thread> senders = new java.util.ArrayList<>();
            for (int c = 0; c < 3; c++) {
                final String prefix = "K" + c;
                senders.add(Thread.ofPlatform().start(() -> {
                    try (MllpClient client = connect(hl7)) {
                        for (int i = 0; ; i++) {
                            String m = org.chartkeeper.cli.Hl7LoadBenchAccess.message(prefix, i);
                            String ack = client.send(m);
                            if (ack.contains("\rMSA|AA|" + prefix + "M" + i)) acknowledged.add(prefix + "M" + i);
                            else if (other.size() < 3) other.add(ack);
                        }
                    } catch (IOException killed) {
                        if (other.size() < 3) other.add(killed.toString()); // the server went away mid-load
                    }
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (acknowledged.size() < 60 && System.nanoTime() < deadline) Thread.sleep(50);
        } finally {
            server.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
            server.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acknowledged).as("messages acknowledged before the kill; other answers: " + other).hasSizeGreaterThanOrEqualTo(20);

        Process again = start(port, hl7);
        try {
            awaitHealthy(port, again);
            // a resend of an acknowledged message is answered from the store
            String first = acknowledged.iterator().next();
            String prefix = first.substring(0, 2);
            int i = Integer.parseInt(first.substring(first.indexOf('M') + 1));
            try (MllpClient client = connect(hl7)) {
                assertThat(client.send(org.chartkeeper.cli.Hl7LoadBenchAccess.message(prefix, i))).contains("\rMSA|AA|" + first);
            }
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }

        try (Connection c = database(true);
             PreparedStatement s = c.prepareStatement("select status, answer from hl7_message where control_id = ?");
             PreparedStatement audit = c.prepareStatement("select count(*) from audit_event where session_ref = ?")) {
            for (String id : acknowledged) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as(id + " kept").isTrue();
                    assertThat(rs.getString(1)).as(id).isEqualTo("processed");
                    assertThat(rs.getString(2)).contains("MSA|AA|" + id);
                    assertThat(rs.next()).as(id + " once").isFalse();
                }
                audit.setString(1, "hl7:" + id);
                try (ResultSet rs = audit.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(id + ": its audit events (the patient search, the changes)").isGreaterThanOrEqualTo(2);
                }
            }
            // the chain is unbroken across the kill: each event links to the one before it
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from audit_event a join audit_event b"
                    + " on b.seq = a.seq + 1 where b.prev_hash <> a.hash")) {
                rs.next();
                assertThat(rs.getLong(1)).as("events whose link to the one before is broken").isZero();
            }
        }
    }

    /** The listener may open its port a moment after the web server answers. */
    private static MllpClient connect(int hl7) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return new MllpClient("127.0.0.1", hl7, 30_000);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) throw e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    throw new IOException(ie);
                }
            }
        }
    }

    private Process start(int port, int hl7) throws IOException {
        if (schema == null) {
            return ChildServer.start(dataDir, port, "--chartkeeper.hl7.port=" + hl7, "--chartkeeper.hl7.bind-address=127.0.0.1");
        }
        String url = org.chartkeeper.TestDatabase.postgresUrl();
        return ChildServer.start(dataDir, port, "--chartkeeper.hl7.port=" + hl7, "--chartkeeper.hl7.bind-address=127.0.0.1",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=postgres", "--spring.flyway.schemas=" + schema, "--chartkeeper.demo=true");
    }

    private void awaitHealthy(int port, Process p) throws Exception {
        ChildServer.awaitHealthy(dataDir, port, p, Duration.ofSeconds(120));
    }

    private String logs() throws IOException {
        return ChildServer.logs(dataDir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
