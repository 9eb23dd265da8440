package org.chartkeeper.coding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Computer-assisted coding: finds candidate codes in a document's text, sentence by sentence, with the code index.
 *
 * <p>Each sentence is cut into words (clinical words rewritten to the words code titles use, from
 * {@code coding/cac-terms.csv}: "appendectomy" is "resection appendix"). Runs of one to six words, longest first, are
 * searched in the code index (abbreviations such as dm2, chf, copd expand through {@link Synonyms}); a code is a
 * candidate when the sentence covers at least three quarters of its title's meaningful words. Words already claimed by
 * a longer match are not searched again.
 *
 * <p>Negation, NegEx-style (Chapman et al. 2001): a pre-negation trigger ("no", "denies", "negative for", "without",
 * "ruled out" ...; also "allergies" and "family history", which are not the patient's current conditions) negates
 * what follows it in the sentence up to a termination word ("but", "however", ...); a
 * post-negation trigger ("was ruled out", "unlikely") negates the words just before it. Negated findings are not
 * suggested. "history of" (and "h/o", "status post") is a qualifier: the finding is kept and marked {@code history}.
 */
final class ComputerAssistedCoding {

    /** A code index to search: a few best codes for words, in one code system. */
    interface Searcher {
        List<Hit> search(String query, CodeSystem system);
    }

    record Hit(String code, String title, boolean billable) {}

    /** One finding: a code and the sentence (offsets into the text) that supports it. */
    record Finding(CodeSystem system, String code, String title, String sentence, int start, int end,
                   boolean negated, String qualifier, double score) {}

    static final List<String> PRE_NEGATION = List.of("no", "not", "denies", "denied", "deny", "without", "negative for",
            "ruled out", "rule out", "free of", "absence of", "no evidence of", "no signs of", "no sign of",
            "not have", "never had",
            // not the patient's own current condition: what an allergy causes, what the family has
            "allergies", "allergy", "allergic to", "family history", "family history of");
    static final List<String> POST_NEGATION = List.of("ruled out", "was ruled out", "is ruled out", "unlikely",
            "was negative", "is negative", "not seen", "absent");
    static final List<String> HISTORY = List.of("history of", "h o", "hx of", "status post", "s p", "past history of",
            "prior");
    static final Set<String> TERMINATION = Set.of("but", "however", "although", "though", "except", "aside", "apart",
            "which", "yet", "presents", "presented", "admitted", "now");
    private static final Set<String> STOPWORDS = Set.of("of", "the", "and", "a", "an", "in", "to", "for", "on", "by",
            "or", "nos", "with", "at", "is", "was", "are", "were", "be", "has", "had", "have", "patient", "his", "her",
            "this", "that", "from", "as", "after", "he", "she", "who", "mg", "daily", "given", "plan");
    /** Title words that a sentence need not say ("Pneumonia, unspecified organism" is plain "pneumonia"). */
    private static final Set<String> FILLER = Set.of("unspecified", "organism", "without", "complication",
            "complications", "nos", "specified", "other", "site", "type", "mention", "of", "the", "and", "a", "an",
            "in", "to", "for", "on", "by", "or", "with", "due", "approach", "open", "substitute", "synthetic",
            "cemented", "device", "intraluminal", "one", "artery", "percutaneous", "endoscopic", "mellitus", "acute",
            "initial", "encounter", "episode", "care", "essential", "primary", "disease", "disorder");
    private static final int MAX_WINDOW = 6;
    private static final double MIN_COVERAGE = 0.75;

    private final Searcher searcher;
    private final Synonyms synonyms;
    private final Map<String, List<String>> rewrites;

    ComputerAssistedCoding(Searcher searcher, Synonyms synonyms, Map<String, List<String>> rewrites) {
        this.searcher = searcher;
        this.synonyms = synonyms;
        this.rewrites = rewrites;
    }

    static ComputerAssistedCoding withIndex(Searcher searcher) {
        return new ComputerAssistedCoding(searcher, Synonyms.load(), loadRewrites());
    }

    /** The clinical-word rewrites: "appendectomy,resection appendix" a line. */
    static Map<String, List<String>> loadRewrites() {
        try (InputStream in = ComputerAssistedCoding.class.getResourceAsStream("/coding/cac-terms.csv")) {
            if (in == null) return Map.of();
            Map<String, List<String>> out = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.split(",", 2);
                if (parts.length == 2) out.put(parts[0].strip().toLowerCase(Locale.ROOT), CodeIndex.tokens(parts[1]));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A word of the text: its (lower-cased, rewritten) form and where it stands in the text. */
    private record Word(String text, int start, int end) {}

    /** Candidate codes in the text, negated ones included (marked), at most one finding per code. */
    List<Finding> find(String text, boolean procedures) {
        Map<String, Finding> best = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return List.of();
        for (int[] s : sentences(text)) {
            String sentence = text.substring(s[0], s[1]);
            for (Finding f : findInSentence(sentence, s[0], procedures)) {
                String key = f.system() + ":" + f.code();
                Finding old = best.get(key);
                // the first affirmed mention wins; an affirmed one beats a negated one
                if (old == null || old.negated() && !f.negated()) best.put(key, f);
            }
        }
        return List.copyOf(best.values());
    }

    /** Sentences as [start, end) offsets: cut at . ! ? ; followed by a space, and at line ends. */
    static List<int[]> sentences(String text) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n' || ((c == '.' || c == '!' || c == '?' || c == ';')
                    && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1))));
            if (end) {
                add(out, text, start, c == '\n' ? i : i + 1);
                start = i + 1;
            }
        }
        add(out, text, start, text.length());
        return out;
    }

    private static void add(List<int[]> out, String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) from++;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) to--;
        if (to > from) out.add(new int[] {from, to});
    }

    private List<Finding> findInSentence(String sentence, int offset, boolean procedures) {
        List<Word> words = words(sentence);
        int n = words.size();
        if (n == 0) return List.of();
        boolean[] negated = new boolean[n];
        boolean[] history = new boolean[n];
        boolean[] trigger = new boolean[n];
        scope(words, PRE_NEGATION, negated, trigger, true);
        scope(words, HISTORY, history, trigger, true);
        postNegation(words, negated, trigger);
        Set<String> sentenceWords = new HashSet<>();
        for (Word w : words) {
            sentenceWords.add(w.text());
            sentenceWords.add(CodeIndex.stem(w.text()));
            for (List<String> expansion : synonyms.expansions(w.text())) {
                for (String e : expansion) {
                    sentenceWords.add(e);
                    sentenceWords.add(CodeIndex.stem(e));
                }
            }
        }
        boolean[] claimed = new boolean[n];
        List<Finding> out = new ArrayList<>();
        for (int len = Math.min(MAX_WINDOW, n); len >= 1; len--) {
            for (int i = 0; i + len <= n; i++) {
                if (anyOf(claimed, i, len) || anyOf(trigger, i, len)) continue;
                List<String> query = new ArrayList<>();
                for (int k = i; k < i + len; k++) {
                    String w = words.get(k).text();
                    if (!STOPWORDS.contains(w)) query.add(w);
                }
                if (query.isEmpty() || !query.getFirst().equals(words.get(i).text())) continue; // no leading stopword
                if (!query.getLast().equals(words.get(i + len - 1).text())) continue;
                if (len == 1 && query.getFirst().length() < 4 && !synonyms.has(query.getFirst())) continue;
                if (query.stream().allMatch(w -> FILLER.contains(w) || w.chars().allMatch(Character::isDigit))) continue;
                Finding f = match(String.join(" ", query), sentence, offset, words, i, len, sentenceWords,
                        negated, history, procedures);
                if (f != null) {
                    for (int k = i; k < i + len; k++) claimed[k] = true;
                    out.add(f);
                }
            }
        }
        return out;
    }

    private Finding match(String query, String sentence, int offset, List<Word> words, int i, int len,
                          Set<String> sentenceWords, boolean[] negated, boolean[] history, boolean procedures) {
        List<CodeSystem> systems = procedures ? List.of(CodeSystem.ICD10CM, CodeSystem.ICD10PCS) : List.of(CodeSystem.ICD10CM);
        Finding best = null;
        for (CodeSystem system : systems) {
            for (Hit h : searcher.search(query, system)) {
                if (!h.billable()) continue;
                double coverage = coverage(h.title(), sentenceWords);
                if (coverage < MIN_COVERAGE) continue;
                double score = Math.round(coverage * 100) / 100.0;
                if (best == null || score > best.score()) {
                    boolean neg = anyOf(negated, i, len);
                    String qualifier = !neg && anyOf(history, i, len) ? "history" : null;
                    best = new Finding(system, h.code(), h.title(), sentence, offset, offset + sentence.length(), neg,
                            qualifier, score);
                }
            }
        }
        return best;
    }

    /** The share of a title's meaningful words (not the filler) that the sentence says. */
    static double coverage(String title, Set<String> sentenceWords) {
        int meaningful = 0;
        int said = 0;
        for (String t : CodeIndex.tokens(title)) {
            if (FILLER.contains(t)) continue;
            meaningful++;
            if (sentenceWords.contains(t) || sentenceWords.contains(CodeIndex.stem(t))) said++;
        }
        return meaningful == 0 ? 0 : (double) said / meaningful;
    }

    private List<Word> words(String sentence) {
        List<Word> out = new ArrayList<>();
        String lower = sentence.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean word = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (word && start < 0) start = i;
            if (!word && start >= 0) {
                String w = lower.substring(start, i);
                List<String> rewrite = rewrites.get(w);
                if (rewrite == null) {
                    out.add(new Word(w, start, i));
                } else {
                    for (String r : rewrite) out.add(new Word(r, start, i));
                }
                start = -1;
            }
        }
        return out;
    }

    /** Marks the words after each trigger up to a termination word (and the trigger words themselves). */
    private static void scope(List<Word> words, List<String> triggers, boolean[] in, boolean[] trigger, boolean forward) {
        for (int i = 0; i < words.size(); i++) {
            int len = triggerAt(words, i, triggers);
            if (len == 0) continue;
            for (int k = i; k < i + len; k++) trigger[k] = true;
            for (int k = i + len; k < words.size() && forward; k++) {
                if (TERMINATION.contains(words.get(k).text())) break;
                in[k] = true;
            }
            i += len - 1;
        }
    }

    /** A post-negation trigger negates up to five words before it. */
    private static void postNegation(List<Word> words, boolean[] negated, boolean[] trigger) {
        for (int i = 0; i < words.size(); i++) {
            int len = triggerAt(words, i, POST_NEGATION);
            if (len == 0) continue;
            for (int k = i; k < i + len; k++) trigger[k] = true;
            for (int k = i - 1; k >= 0 && k >= i - 5; k--) {
                if (TERMINATION.contains(words.get(k).text())) break;
                negated[k] = true;
            }
        }
    }

    private static int triggerAt(List<Word> words, int i, List<String> triggers) {
        int best = 0;
        for (String t : triggers) {
            String[] parts = t.split(" ");
            if (i + parts.length > words.size()) continue;
            boolean match = true;
            for (int k = 0; k < parts.length && match; k++) match = words.get(i + k).text().equals(parts[k]);
            if (match) best = Math.max(best, parts.length);
        }
        return best;
    }

    private static boolean anyOf(boolean[] flags, int from, int len) {
        for (int k = from; k < from + len; k++) if (flags[k]) return true;
        return false;
    }
}
