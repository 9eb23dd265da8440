package org.chartkeeper.patient.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chartkeeper.patient.Demographics;

/** ../shared/data/splink-fake-1000/fake_1000.csv as match records, with the true person (cluster) of each. */
record SplinkFake1000(List<MatchRecord> records, Map<Long, String> cluster) {

    static final Path FILE = Path.of("..", "shared", "data", "splink-fake-1000", "fake_1000.csv");

    static boolean available() {
        return Files.isReadable(FILE);
    }

    static SplinkFake1000 load() {
        try {
            List<MatchRecord> records = new ArrayList<>();
            Map<Long, String> cluster = new HashMap<>();
            List<String> lines = Files.readAllLines(FILE);
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",", -1); // unique_id,first_name,surname,dob,city,email,cluster
                long id = Long.parseLong(c[0]);
                Demographics d = new Demographics(blank(c[2]), blank(c[1]), null, BirthDates.parse(c[3]), null, null,
                        blank(c[4]), null, null, null, blank(c[5]), null, List.of());
                records.add(MatchRecord.of(id, d));
                cluster.put(id, c[6]);
            }
            return new SplinkFake1000(records, cluster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The clerically labelled pairs: {unique_id_l, unique_id_r, 1 if a match else 0}. */
    static List<long[]> labels() {
        try {
            List<String> lines = Files.readAllLines(FILE.resolveSibling("fake_1000_labels.csv"));
            List<long[]> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",", -1); // unique_id_l,source_dataset_l,unique_id_r,source_dataset_r,score
                out.add(new long[] {Long.parseLong(c[0]), Long.parseLong(c[2]), Double.parseDouble(c[4]) >= 0.5 ? 1 : 0});
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
