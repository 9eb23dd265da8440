package org.chartkeeper.patient.match;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names as the matcher compares them: upper case, no accents, no punctuation, no titles; and given names reduced to
 * their nickname groups (Bob and Robert share a group) from {@code patient/nicknames.csv}.
 */
public final class NameStandardizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['`\u2019.]");
    private static final Pattern NOT_LETTERS = Pattern.compile("[^A-Z ]+");
    private static final Pattern SPACES = Pattern.compile(" {2,}");
    private static final Set<String> TITLES = Set.of("MR", "MRS", "MS", "MISS", "DR", "PROF", "REV", "SIR");
    private static final Set<String> SUFFIXES = Set.of("JR", "SR", "II", "III", "IV", "MD", "PHD", "ESQ");

    private static final NameStandardizer DEFAULT = load("/patient/nicknames.csv");

    /** name -> the groups (formal names) it belongs to. */
    private final Map<String, Set<String>> groups;

    private NameStandardizer(Map<String, Set<String>> groups) {
        this.groups = groups;
    }

    public static NameStandardizer standard() {
        return DEFAULT;
    }

    /** Upper case, accents and punctuation removed, hyphens as spaces, titles and suffixes dropped; null if empty. */
    public String standardize(String name) {
        if (name == null) return null;
        String s = Normalizer.normalize(name, Normalizer.Form.NFD);
        s = MARKS.matcher(s).replaceAll("");
        s = APOSTROPHES.matcher(s.toUpperCase(Locale.ROOT)).replaceAll("");
        s = NOT_LETTERS.matcher(s).replaceAll(" ");
        s = SPACES.matcher(s).replaceAll(" ").strip();
        if (s.isEmpty()) return null;
        if (s.indexOf(' ') > 0) {
            StringBuilder b = new StringBuilder();
            for (String t : s.split(" ")) {
                if (TITLES.contains(t) || SUFFIXES.contains(t)) continue;
                if (!b.isEmpty()) b.append(' ');
                b.append(t);
            }
            s = b.isEmpty() ? s : b.toString();
        }
        return s;
    }

    /** The formal names a standardized given name stands for (Bob: ROBERT); the name itself when it is in no group. */
    public Set<String> nicknameGroups(String standardizedGiven) {
        if (standardizedGiven == null) return Set.of();
        Set<String> g = groups.get(standardizedGiven);
        return g == null ? Set.of(standardizedGiven) : g;
    }

    /** Whether two standardized given names are the same name or short forms of one (Bob and Robert, Liz and Beth). */
    public boolean sameNickname(String a, String b) {
        if (a == null || b == null) return false;
        if (a.equals(b)) return true;
        Set<String> ga = groups.get(a);
        Set<String> gb = groups.get(b);
        if (ga == null || gb == null) return false;
        for (String g : ga) if (gb.contains(g)) return true;
        return false;
    }

    /** Other names of the same groups (ROBERT: BOB, ROB, BOBBY, ...), for generating test populations. */
    public java.util.List<String> variants(String standardizedGiven) {
        Set<String> mine = groups.get(standardizedGiven);
        if (mine == null) return java.util.List.of();
        return groups.entrySet().stream()
                .filter(e -> !e.getKey().equals(standardizedGiven) && e.getValue().stream().anyMatch(mine::contains))
                .map(Map.Entry::getKey).sorted().toList();
    }

    static NameStandardizer load(String resource) {
        Map<String, Set<String>> groups = new HashMap<>();
        try (InputStream in = NameStandardizer.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("Missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            NameStandardizer plain = new NameStandardizer(Map.of());
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                List<String> names = List.of(line.split(","));
                String formal = plain.standardize(names.getFirst());
                for (String n : names) {
                    String s = plain.standardize(n);
                    if (s != null) groups.computeIfAbsent(s, k -> new HashSet<>()).add(formal);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        groups.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return new NameStandardizer(Map.copyOf(frozen));
    }
}
