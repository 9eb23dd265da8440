package org.chartkeeper.interop.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every sample of ../shared/data/hl7v2-samples (real-world-shaped ADT of 2.3 to 2.8, with byte-order marks and \n
 * separators) sent as its original bytes over a real socket: each is acknowledged; the events this interface takes
 * are applied (AA) or refused with an ERR naming the field; the others are refused AR naming MSH-9.2; all are kept.
 */
@IntegrationTest
class Hl7SamplesTest {

    static final Path SAMPLES = Path.of("..", "shared", "data", "hl7v2-samples");

    @Autowired
    MllpListener listener;

    @Autowired
    JdbcClient jdbc;

    @Test
    void every_sample_is_acknowledged_over_mllp_and_kept() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES),
                "../shared/data/hl7v2-samples is absent here: the sample messages are not in the repository, so this test is skipped");
        int port = listener.isRunning() ? listener.port() : listener.start(Hl7IntakeTest.freePort());
        List<Path> files;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".hl7")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(50);
        List<String> report = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (MllpClient c = new MllpClient("localhost", port, 30_000)) {
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                String text = Hl7Text.normalize(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                String controlId = text.split("\r")[0].split("\\|", -1)[9];
                String event = text.split("\r")[0].split("\\|", -1)[8].split("\\^")[1];
                String ack = c.send(bytes);
                String msa = Hl7IntakeTest.msa(ack);
                String err = Hl7IntakeTest.err(ack);
                report.add(f.getFileName() + " " + msa + " " + err);
                if (!msa.startsWith("MSA|AA|" + controlId) && !msa.startsWith("MSA|AE|" + controlId)
                        && !msa.startsWith("MSA|AR|" + controlId)) {
                    problems.add(f.getFileName() + ": not an acknowledgement of " + controlId + ": " + ack);
                }
                if (msa.startsWith("MSA|AA")) accepted++;
                else if (err.split("\\|", -1).length < 3 || err.split("\\|", -1)[2].isEmpty()) {
                    problems.add(f.getFileName() + ": an error without ERR-2: " + ack);
                }
                String[] msh = text.split("\r")[0].split("\\|", -1);
                boolean repeat = !seen.add(msh[2].split("\\^")[0] + "/" + msh[3].split("\\^")[0] + "/" + controlId);
                // a repeated control id from one sender gets the first message's answer (the samples reuse some)
                if (!repeat && !AdtReader.EVENTS.contains(event)) {
                    assertThat(err).as(f.getFileName().toString()).contains("|MSH^1^9^1^2|201^");
                }
                assertThat(jdbc.sql("select count(*) from hl7_message where control_id = ?").param(controlId)
                        .query(Long.class).single()).as(f.getFileName() + " kept").isGreaterThanOrEqualTo(1);
            }
        }
        assertThat(problems).as(String.join("\n", report)).isEmpty();
        assertThat(accepted).as(String.join("\n", report)).isGreaterThanOrEqualTo(20);
        System.out.println(String.join("\n", report));
    }

    /**
     * The samples reuse control ids (most are MSG00001 from one sender), so sent as they are, most are repeats answered
     * with the first one's answer. Sent again each with a control id of its own, in file order (A01, A02, A03, ...),
     * every sample of an event this interface takes is applied, or refused naming the field; the others are refused AR.
     */
    @Test
    void every_sample_with_a_control_id_of_its_own_is_applied_or_refused_naming_the_field() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES),
                "../shared/data/hl7v2-samples is absent here: the sample messages are not in the repository, so this test is skipped");
        int port = listener.isRunning() ? listener.port() : listener.start(Hl7IntakeTest.freePort());
        List<Path> files;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".hl7")).sorted().toList();
        }
        String run = Adt.unique();
        List<String> report = new ArrayList<>();
        java.util.Map<String, String> answers = new java.util.LinkedHashMap<>();
        try (MllpClient c = new MllpClient("localhost", port, 30_000)) {
            for (Path f : files) {
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
                String[] lines = Hl7Text.normalize(text).split("\r", 2);
                String[] msh = lines[0].split("\\|", -1);
                msh[9] = run + "-" + f.getFileName().toString().replace(".hl7", "");
                String event = msh[8].split("\\^")[1];
                String ack = c.send(String.join("|", msh) + "\r" + (lines.length > 1 ? lines[1] : ""));
                String msa = Hl7IntakeTest.msa(ack);
                String err = Hl7IntakeTest.err(ack);
                answers.put(f.getFileName().toString(), msa);
                report.add(f.getFileName() + " " + msa + " " + err);
                assertThat(msa).as(f.getFileName().toString()).startsWith("MSA|A").contains("|" + msh[9]);
                if (!AdtReader.EVENTS.contains(event)) {
                    assertThat(err).as(f.getFileName().toString()).contains("|MSH^1^9^1^2|201^");
                } else if (!msa.startsWith("MSA|AA")) {
                    assertThat(err.split("\\|", -1)[2]).as(f.getFileName() + ": ERR-2 names where").isNotEmpty();
                }
            }
        }
        System.out.println(String.join("\n", report));
        // the admission story of the GHH samples is applied event by event
        for (String applied : List.of("ADT-A01-01.hl7", "ADT-A02-01.hl7", "ADT-A03-01.hl7", "ADT-A04-01.hl7",
                "ADT-A05-01.hl7", "ADT-A08-01.hl7", "ADT-A11-01.hl7", "ADT-A13-01.hl7", "ADT-A28-01.hl7",
                "ADT-A31-01.hl7", "ADT01-23.hl7", "ADT04-23.hl7", "ADT04-251.hl7", "ADT04-28.hl7")) {
            assertThat(answers.get(applied)).as(applied + "\n" + String.join("\n", report)).startsWith("MSA|AA|");
        }
    }
}
