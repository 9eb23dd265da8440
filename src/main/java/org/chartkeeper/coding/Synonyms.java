package org.chartkeeper.coding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Abbreviations coders type ("dm2", "chf", "copd") and the words code titles use instead: the data file
 * {@code coding/synonyms.csv}.
 */
final class Synonyms {

    private final Map<String, List<List<String>>> expansions;
    private final Map<String, List<String>> preferred;

    Synonyms(Map<String, List<List<String>>> expansions, Map<String, List<String>> preferred) {
        this.expansions = expansions;
        this.preferred = preferred;
    }

    static Synonyms load() {
        try (InputStream in = Synonyms.class.getResourceAsStream("/coding/synonyms.csv")) {
            if (in == null) throw new IllegalStateException("coding/synonyms.csv is missing from the classpath");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Synonyms parse(String csv) {
        Map<String, List<List<String>>> map = new HashMap<>();
        Map<String, List<String>> codes = new HashMap<>();
        for (String line : csv.split("\r?\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("abbreviation,")) continue;
            int comma = line.indexOf(',');
            if (comma <= 0) continue;
            String key = line.substring(0, comma).strip().toLowerCase(Locale.ROOT);
            List<List<String>> alternatives = new ArrayList<>();
            String[] rest = line.substring(comma + 1).split(",", -1);
            if (rest.length > 1 && !rest[1].isBlank()) codes.put(key, List.of(rest[1].strip().split("\\s+")));
            for (String alt : rest[0].split("\\|")) {
                List<String> words = CodeIndex.tokens(alt);
                if (!words.isEmpty()) alternatives.add(words);
            }
            if (!alternatives.isEmpty()) map.put(key, List.copyOf(alternatives));
        }
        return new Synonyms(Map.copyOf(map), Map.copyOf(codes));
    }

    boolean has(String word) {
        return expansions.containsKey(word);
    }

    /** The expansions of an abbreviation, each a list of words; empty for an ordinary word. */
    List<List<String>> expansions(String word) {
        return expansions.getOrDefault(word, List.of());
    }

    /** The codes most often meant by an abbreviation typed alone (normalized, no dot), best first. */
    List<String> preferredCodes(String word) {
        return preferred.getOrDefault(word, List.of());
    }

    int size() {
        return expansions.size();
    }
}
