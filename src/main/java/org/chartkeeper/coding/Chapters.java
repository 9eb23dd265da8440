package org.chartkeeper.coding;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The top level of each code system's hierarchy, from the data file {@code coding/chapters.csv}: ICD-10-CM chapters
 * by category range, ICD-10-PCS sections by first character, HCPCS sections by first letter (two-character codes
 * are modifiers).
 */
final class Chapters {

    private final Map<CodeSystem, List<Chapter>> bySystem;

    private Chapters(Map<CodeSystem, List<Chapter>> bySystem) {
        this.bySystem = bySystem;
    }

    static Chapters load() {
        try (InputStream in = Chapters.class.getResourceAsStream("/coding/chapters.csv")) {
            if (in == null) throw new IllegalStateException("coding/chapters.csv is missing from the classpath");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder data = new StringBuilder();
            for (String line : text.split("\r?\n")) if (!line.startsWith("#")) data.append(line).append('\n');
            Map<CodeSystem, List<Chapter>> map = new EnumMap<>(CodeSystem.class);
            for (CodeSystem s : CodeSystem.values()) map.put(s, new ArrayList<>());
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(data.toString()))) {
                CodeSystem s = CodeSystem.valueOf(r.get("system"));
                map.get(s).add(new Chapter(s, r.get("chapter"), r.get("first"), r.get("last"), r.get("title")));
            }
            map.replaceAll((k, v) -> List.copyOf(v));
            return new Chapters(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Chapter> of(CodeSystem system) {
        return bySystem.get(system);
    }

    /** The chapter key of a code, or null when no chapter covers it. */
    String chapterOf(CodeSystem system, String code) {
        if (system == CodeSystem.HCPCS && code.length() == 2) return "MOD";
        for (Chapter c : bySystem.get(system)) {
            int n = c.first().length();
            if (code.length() < n) continue;
            String head = code.substring(0, n);
            if (head.compareTo(c.first()) >= 0 && head.compareTo(c.last()) <= 0) return c.key();
        }
        return null;
    }
}
