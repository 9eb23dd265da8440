package org.chartkeeper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Chartkeeper in a child JVM on the embedded database in {@code dataDir} (a small demo hospital), for tests that
 * kill it with SIGKILL and start it again; its output goes to a log file in {@code dataDir}.
 */
public final class ChildServer {

    private ChildServer() {}

    public static Process start(Path dataDir, int port, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "org.chartkeeper.ChartkeeperApplication",
                "--server.port=" + port, "--chartkeeper.data-dir=" + dataDir.toAbsolutePath(),
                "--chartkeeper.demo-hospital.patients=200", "--chartkeeper.demo-hospital.encounters=400"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server-" + System.nanoTime() + ".log").toFile()).start();
    }

    /** Waits until {@code /actuator/health} answers 200; fails with the server's log if it exits or times out. */
    public static void awaitHealthy(Path dataDir, int port, Process p, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new AssertionError("server exited: " + logs(dataDir));
            try {
                var r = Api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build());
                if (r.statusCode() == 200) return;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("server did not become healthy: " + logs(dataDir));
    }

    /** The end of each server log in {@code dataDir}. */
    public static String logs(Path dataDir) throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dataDir)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".log")).toList()) {
                String s = Files.readString(f, StandardCharsets.UTF_8);
                b.append(s, Math.max(0, s.length() - 3000), s.length());
            }
        }
        return b.toString();
    }
}
