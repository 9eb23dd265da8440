package org.chartkeeper.coding;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory search index of one code-set version: immutable, built from the version's codes, so every node
 * that builds it from the same version answers the same.
 *
 * <p>Codes are numbered in rank order (billable before headers, then shorter titles, then code), so the postings
 * of every word are in rank order too and a search stops at the first {@code limit} codes that match. Words are
 * lower-cased and plurals folded ({@code fractures} is {@code fracture}); the word being typed matches as a prefix;
 * abbreviations expand through {@link Synonyms}. Codes match by prefix with or without the dot.
 */
final class CodeIndex {

    private static final Set<String> STOPWORDS = Set.of("of", "the", "and", "a", "an", "in", "to", "for", "on", "by", "or", "nos");
    private static final int MERGE_LIMIT = 64;
    private static final int RERANK = 100;

    private final CodeSetVersion version;
    private final String[] code;
    private final String[] title;
    private final String[] shortTitle;
    private final boolean[] billable;
    private final LocalDate[] terminated;
    private final int[] parent;
    private final int[][] children;
    private final String[] chapterOf;
    private final Map<String, int[]> roots;
    private final int[] byCode;
    private final String[] sortedCodes;
    private final String[] terms;
    private final int[] postingStart;
    private final int[] postings;
    private final int[][] docTerms;
    private final int[][] docSeq;
    private final Synonyms synonyms;

    /** One code found: its number in this index, and whether the query was exactly this code. */
    record Hit(int doc, boolean exactCode) {}

    CodeIndex(CodeSetVersion version, List<CodeEntry> entries, Synonyms synonyms, Chapters chapters) {
        this.version = version;
        this.synonyms = synonyms;
        List<CodeEntry> ranked = new ArrayList<>(entries);
        ranked.sort(Comparator.comparing((CodeEntry e) -> !e.billable()).thenComparingInt(e -> e.title().length())
                .thenComparing(CodeEntry::code));
        int n = ranked.size();
        code = new String[n];
        title = new String[n];
        shortTitle = new String[n];
        billable = new boolean[n];
        terminated = new LocalDate[n];
        for (int i = 0; i < n; i++) {
            CodeEntry e = ranked.get(i);
            code[i] = e.code();
            title[i] = e.title();
            shortTitle[i] = e.shortTitle();
            billable[i] = e.billable();
            terminated[i] = e.terminatedOn();
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparing(i -> code[i]));
        byCode = new int[n];
        sortedCodes = new String[n];
        for (int i = 0; i < n; i++) {
            byCode[i] = order[i];
            sortedCodes[i] = code[order[i]];
        }

        // words: dictionary in sorted order (so that a prefix is a range of word numbers), postings in rank order
        Map<String, List<Integer>> words = new HashMap<>();
        List<List<String>> docWords = new ArrayList<>(n);
        for (int d = 0; d < n; d++) {
            List<String> w = words(title[d]);
            docWords.add(w);
            for (String t : w) {
                List<Integer> list = words.computeIfAbsent(t, k -> new ArrayList<>());
                if (list.isEmpty() || list.getLast() != d) list.add(d);
            }
        }
        terms = words.keySet().toArray(String[]::new);
        Arrays.sort(terms);
        Map<String, Integer> termId = new HashMap<>(terms.length * 2);
        postingStart = new int[terms.length + 1];
        int total = 0;
        for (int t = 0; t < terms.length; t++) {
            termId.put(terms[t], t);
            postingStart[t] = total;
            total += words.get(terms[t]).size();
        }
        postingStart[terms.length] = total;
        postings = new int[total];
        for (int t = 0; t < terms.length; t++) {
            List<Integer> list = words.get(terms[t]);
            for (int j = 0; j < list.size(); j++) postings[postingStart[t] + j] = list.get(j);
        }
        docTerms = new int[n][];
        docSeq = new int[n][];
        for (int d = 0; d < n; d++) {
            docTerms[d] = docWords.get(d).stream().mapToInt(termId::get).distinct().sorted().toArray();
            // the title's words in order (plurals folded, little words left out), for phrase matching
            docSeq[d] = tokens(title[d]).stream().filter(t -> !STOPWORDS.contains(t)).mapToInt(t -> termId.get(stem(t))).toArray();
        }

        // hierarchy: the parent is the longest shorter code of this version that the code starts with
        parent = new int[n];
        List<List<Integer>> kids = new ArrayList<>(n);
        for (int d = 0; d < n; d++) kids.add(null);
        for (int d = 0; d < n; d++) {
            parent[d] = -1;
            for (int len = code[d].length() - 1; len >= 3; len--) {
                int p = lookup(code[d].substring(0, len));
                if (p >= 0) {
                    parent[d] = p;
                    break;
                }
            }
        }
        chapterOf = new String[n];
        Map<String, List<Integer>> rootLists = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int d = byCode[i];
            chapterOf[d] = chapters.chapterOf(version.system(), code[d]);
            if (parent[d] >= 0) {
                if (kids.get(parent[d]) == null) kids.set(parent[d], new ArrayList<>());
                kids.get(parent[d]).add(d);
            } else if (chapterOf[d] != null) {
                rootLists.computeIfAbsent(chapterOf[d], k -> new ArrayList<>()).add(d);
            }
        }
        children = new int[n][];
        for (int d = 0; d < n; d++) {
            children[d] = kids.get(d) == null ? new int[0] : kids.get(d).stream().mapToInt(Integer::intValue).toArray();
        }
        roots = new HashMap<>();
        rootLists.forEach((k, v) -> roots.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    CodeSetVersion version() {
        return version;
    }

    int size() {
        return code.length;
    }

    String code(int d) {
        return code[d];
    }

    String title(int d) {
        return title[d];
    }

    String shortTitle(int d) {
        return shortTitle[d];
    }

    boolean billable(int d) {
        return billable[d];
    }

    LocalDate terminatedOn(int d) {
        return terminated[d];
    }

    int parent(int d) {
        return parent[d];
    }

    int[] children(int d) {
        return children[d];
    }

    String chapter(int d) {
        return chapterOf[d];
    }

    /** The top-level codes of a chapter (ICD-10-CM categories, ICD-10-PCS tables), in code order. */
    int[] roots(String chapter) {
        return roots.getOrDefault(chapter, new int[0]);
    }

    /** The code's number in this index, or -1. */
    int lookup(String normalizedCode) {
        int i = Arrays.binarySearch(sortedCodes, normalizedCode);
        return i >= 0 ? byCode[i] : -1;
    }

    /**
     * Codes for what a person typed: the exact code first; then, for one code-like word, codes starting with it
     * (billable first) and codes whose titles have all the words; an abbreviation puts the title matches first.
     */
    List<Hit> search(String query, int limit) {
        List<Hit> hits = new ArrayList<>(limit);
        if (query == null || query.isBlank() || limit <= 0) return hits;
        String q = query.strip();
        Seen seen = new Seen();
        String asCode = CodeSystem.normalize(q);
        boolean codeLike = asCode.length() >= 1 && asCode.length() <= 7 && asCode.chars().allMatch(Character::isLetterOrDigit);
        List<String> tokens = tokens(q);
        // an abbreviation ("dm2", "chf") means its words first, even where it is also some code ("DM2" in PCS)
        boolean abbreviation = tokens.size() == 1 && synonyms.has(tokens.getFirst());
        int exact = codeLike ? lookup(asCode) : -1;
        if (exact >= 0 && !abbreviation) {
            hits.add(new Hit(exact, true));
            seen.add(exact);
        }
        if (abbreviation) {
            for (String c : synonyms.preferredCodes(tokens.getFirst())) {
                int d = lookup(c);
                if (d >= 0 && !seen.contains(d) && hits.size() < limit) {
                    hits.add(new Hit(d, false));
                    seen.add(d);
                }
            }
        }
        if (codeLike && !abbreviation) codePrefix(asCode, limit, hits, seen);
        if (hits.size() < limit) text(tokens, !Character.isWhitespace(query.charAt(query.length() - 1)), limit, hits, seen);
        if (codeLike && abbreviation && hits.size() < limit) codePrefix(asCode, limit, hits, seen);
        if (exact >= 0 && abbreviation && !seen.contains(exact) && hits.size() < limit) hits.add(new Hit(exact, false));
        return hits;
    }

    /** Codes starting with the prefix, billable ones first, each group in code order. */
    private void codePrefix(String prefix, int limit, List<Hit> hits, Seen seen) {
        int lo = lowerBound(sortedCodes, prefix);
        int hi = lowerBound(sortedCodes, prefix + Character.MAX_VALUE);
        if (lo >= hi) return;
        List<Integer> headers = new ArrayList<>();
        for (int i = lo; i < hi && hits.size() < limit; i++) {
            int d = byCode[i];
            if (seen.contains(d)) continue;
            if (billable[d]) {
                hits.add(new Hit(d, false));
                seen.add(d);
            } else if (headers.size() < limit) {
                headers.add(d);
            }
        }
        for (int d : headers) {
            if (hits.size() >= limit) break;
            hits.add(new Hit(d, false));
            seen.add(d);
        }
    }

    private void text(List<String> tokens, boolean lastIsPrefix, int limit, List<Hit> hits, Seen seen) {
        List<int[][]> clauses = new ArrayList<>();
        List<int[][]> phrases = new ArrayList<>(); // each: per word, its word-number ranges
        List<int[]> typed = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String raw = tokens.get(i);
            boolean prefix = lastIsPrefix && i == tokens.size() - 1;
            if (!prefix && tokens.size() > 1 && STOPWORDS.contains(raw)) continue;
            List<int[][]> alternatives = new ArrayList<>();
            int[] own = word(raw, prefix);
            typed.add(own);
            if (own.length > 0) alternatives.add(new int[][] {own});
            for (List<String> expansion : synonyms.expansions(raw)) {
                List<int[]> required = new ArrayList<>();
                boolean possible = true;
                for (String w : expansion) {
                    if (STOPWORDS.contains(w)) continue;
                    int[] m = word(w, false);
                    if (m.length == 0) {
                        possible = false;
                        break;
                    }
                    required.add(m);
                }
                if (possible && !required.isEmpty()) {
                    int[][] words = required.toArray(int[][]::new);
                    alternatives.add(words);
                    if (words.length > 1) phrases.add(words);
                }
            }
            if (alternatives.isEmpty()) return; // a word no title of this version has
            clauses.add(flatten(alternatives));
        }
        if (clauses.isEmpty()) return;
        if (typed.size() > 1) phrases.add(typed.toArray(int[][]::new));
        // rank order decides among codes that match equally; codes that have the words as a phrase come first
        int wanted = phrases.isEmpty() ? limit - hits.size() : Math.max(RERANK, limit);
        List<Integer> found = new ArrayList<>(wanted);
        collect(clauses, wanted, found, seen);
        if (!phrases.isEmpty()) {
            int[] score = new int[found.size()];
            Integer[] order = new Integer[found.size()];
            for (int k = 0; k < found.size(); k++) {
                score[k] = phraseScore(found.get(k), phrases);
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> score[a] != score[b] ? Integer.compare(score[b], score[a]) : Integer.compare(a, b));
            List<Integer> reranked = new ArrayList<>(found.size());
            for (Integer k : order) reranked.add(found.get(k));
            found = reranked;
        }
        for (int d : found) {
            if (hits.size() >= limit) break;
            hits.add(new Hit(d, false));
            seen.add(d);
        }
    }

    /** How many of the phrases the title has, word after word (little words such as "of" skipped on both sides). */
    private int phraseScore(int d, List<int[][]> phrases) {
        int[] seq = docSeq[d];
        int score = 0;
        for (int[][] phrase : phrases) {
            for (int i = 0; i + phrase.length <= seq.length; i++) {
                boolean all = true;
                for (int j = 0; j < phrase.length && all; j++) all = inRanges(seq[i + j], phrase[j]);
                if (all) {
                    score++;
                    break;
                }
            }
        }
        return score;
    }

    private static boolean inRanges(int term, int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) if (term >= ranges[i] && term < ranges[i + 1]) return true;
        return false;
    }

    /** The first {@code wanted} codes in rank order that match every clause. */
    private void collect(List<int[][]> clauses, int wanted, List<Integer> found, Seen seen) {
        // walk the postings of the clause with the fewest codes among those few enough words to merge (a word being
        // typed can stand for hundreds); when none is, scan every code in rank order
        long bestCost = Long.MAX_VALUE;
        int[] lists = null;
        for (int[][] clause : clauses) {
            int[][] source = cheapestSource(clause);
            int[] terms = termList(source);
            if (terms == null) continue;
            long cost = 0;
            for (int[] ranges : source) cost += count(ranges);
            if (cost < bestCost) {
                bestCost = cost;
                lists = terms;
            }
        }
        if (lists == null) {
            for (int d = 0; d < code.length && found.size() < wanted; d++) {
                if (!seen.contains(d) && matchesAll(d, clauses)) found.add(d);
            }
            return;
        }
        int[] pos = new int[lists.length];
        for (int k = 0; k < lists.length; k++) pos[k] = postingStart[lists[k]];
        int last = -1;
        while (found.size() < wanted) {
            int min = Integer.MAX_VALUE;
            for (int k = 0; k < lists.length; k++) {
                if (pos[k] < postingStart[lists[k] + 1] && postings[pos[k]] < min) min = postings[pos[k]];
            }
            if (min == Integer.MAX_VALUE) break;
            for (int k = 0; k < lists.length; k++) {
                if (pos[k] < postingStart[lists[k] + 1] && postings[pos[k]] == min) pos[k]++;
            }
            if (min == last) continue;
            last = min;
            if (!seen.contains(min) && matchesAll(min, clauses)) found.add(min);
        }
    }

    /**
     * A clause as one array per alternative: each alternative is its required words, each word a run of word-number
     * ranges. Encoded as int[alternative][]: [words, len1, lo, hi, lo, hi..., len2, ...].
     */
    private static int[][] flatten(List<int[][]> alternatives) {
        int[][] out = new int[alternatives.size()][];
        for (int a = 0; a < alternatives.size(); a++) {
            int[][] words = alternatives.get(a);
            int size = 1;
            for (int[] w : words) size += 1 + w.length;
            int[] enc = new int[size];
            enc[0] = words.length;
            int p = 1;
            for (int[] w : words) {
                enc[p++] = w.length;
                System.arraycopy(w, 0, enc, p, w.length);
                p += w.length;
            }
            out[a] = enc;
        }
        return out;
    }

    /** For each alternative its rarest word: a superset of the clause's matches. */
    private int[][] cheapestSource(int[][] clause) {
        int[][] source = new int[clause.length][];
        for (int a = 0; a < clause.length; a++) {
            int[] enc = clause[a];
            int p = 1;
            long bestCount = Long.MAX_VALUE;
            for (int w = 0; w < enc[0]; w++) {
                int len = enc[p];
                int[] ranges = Arrays.copyOfRange(enc, p + 1, p + 1 + len);
                long c = count(ranges);
                if (c < bestCount) {
                    bestCount = c;
                    source[a] = ranges;
                }
                p += 1 + len;
            }
        }
        return source;
    }

    private long count(int[] ranges) {
        long c = 0;
        for (int i = 0; i < ranges.length; i += 2) c += postingStart[ranges[i + 1]] - postingStart[ranges[i]];
        return c;
    }

    /** The word numbers to merge, or null when there are too many to merge (a scan is then cheaper). */
    private static int[] termList(int[][] source) {
        int total = 0;
        for (int[] ranges : source) {
            for (int i = 0; i < ranges.length; i += 2) total += ranges[i + 1] - ranges[i];
        }
        if (total > MERGE_LIMIT) return null;
        int[] out = new int[total];
        int p = 0;
        for (int[] ranges : source) {
            for (int i = 0; i < ranges.length; i += 2) {
                for (int t = ranges[i]; t < ranges[i + 1]; t++) out[p++] = t;
            }
        }
        return out;
    }

    private boolean matchesAll(int d, List<int[][]> clauses) {
        int[] dt = docTerms[d];
        for (int[][] clause : clauses) {
            boolean any = false;
            for (int[] enc : clause) {
                boolean all = true;
                int p = 1;
                for (int w = 0; w < enc[0] && all; w++) {
                    int len = enc[p];
                    all = hasAny(dt, enc, p + 1, len);
                    p += 1 + len;
                }
                if (all) {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        }
        return true;
    }

    private static boolean hasAny(int[] docTermIds, int[] enc, int from, int len) {
        for (int i = from; i < from + len; i += 2) {
            int lo = enc[i];
            int hi = enc[i + 1];
            int k = Arrays.binarySearch(docTermIds, lo);
            if (k < 0) k = -k - 1;
            if (k < docTermIds.length && docTermIds[k] < hi) return true;
        }
        return false;
    }

    /** A typed word as word-number ranges: the word with plurals folded, and, while typing, every word it starts. */
    private int[] word(String raw, boolean prefix) {
        String stem = stem(raw);
        int exact = Arrays.binarySearch(terms, stem);
        int lo = -1;
        int hi = -1;
        if (prefix) {
            lo = lowerBound(terms, raw);
            hi = lowerBound(terms, raw + Character.MAX_VALUE);
        }
        boolean hasExact = exact >= 0 && !(prefix && exact >= lo && exact < hi);
        boolean hasPrefix = prefix && lo < hi;
        if (hasExact && hasPrefix) return new int[] {exact, exact + 1, lo, hi};
        if (hasExact) return new int[] {exact, exact + 1};
        if (hasPrefix) return new int[] {lo, hi};
        return new int[0];
    }

    private static int lowerBound(String[] sorted, String key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].compareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Lower-cased words of a title, each as written and with its plural folded (so both prefixes find it). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String t : tokens(text)) {
            out.add(t);
            String s = stem(t);
            if (!s.equals(t)) out.add(s);
        }
        return out;
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean word = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (word && start < 0) start = i;
            if (!word && start >= 0) {
                out.add(lower.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    /** Plural to singular, enough for code titles: injuries/injury, fractures/fracture, veins/vein. */
    static String stem(String w) {
        int n = w.length();
        if (n <= 3) return w;
        if (w.endsWith("ies") && n > 4) return w.substring(0, n - 3) + "y";
        if (w.endsWith("sses")) return w.substring(0, n - 2);
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.substring(0, n - 1);
        return w;
    }

    /** The codes already in the answer: a few dozen, so a small open-addressing set (no per-search bitmap of all codes). */
    private static final class Seen {
        private int[] slots = new int[64];
        private int size;

        Seen() {
            Arrays.fill(slots, -1);
        }

        boolean contains(int d) {
            int mask = slots.length - 1;
            for (int i = (d * 0x9E3779B1) >>> 16 & mask; ; i = (i + 1) & mask) {
                if (slots[i] == d) return true;
                if (slots[i] == -1) return false;
            }
        }

        void add(int d) {
            if (contains(d)) return;
            if ((size + 1) * 2 > slots.length) {
                int[] old = slots;
                slots = new int[old.length * 2];
                Arrays.fill(slots, -1);
                size = 0;
                for (int x : old) if (x >= 0) add(x);
            }
            int mask = slots.length - 1;
            int i = (d * 0x9E3779B1) >>> 16 & mask;
            while (slots[i] != -1) i = (i + 1) & mask;
            slots[i] = d;
            size++;
        }
    }
}
