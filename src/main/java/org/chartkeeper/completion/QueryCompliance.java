package org.chartkeeper.completion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;

/**
 * The rules of a compliant query (ACDIS/AHIMA "Guidelines for Achieving a Compliant Query Practice", 2022 update),
 * applied to templates when they are saved and to every query when it is written:
 * <ul>
 *   <li>multiple choice lists at least two clinically reasonable options and always "Clinically undetermined" and
 *       "Other (please specify)";</li>
 *   <li>yes/no only to substantiate or further specify a diagnosis already documented, to establish cause and effect,
 *       to resolve conflicting documentation or to determine present on admission; never to introduce a new
 *       diagnosis, so a yes/no query must cite the documentation it asks about;</li>
 *   <li>open-ended queries offer no options;</li>
 *   <li>no leading language: no mention of reimbursement, DRGs, payment or quality scores, and no instruction to
 *       document a particular diagnosis.</li>
 * </ul>
 */
public final class QueryCompliance {

    public static final String UNDETERMINED = "Clinically undetermined";
    public static final String OTHER = "Other (please specify)";
    public static final List<String> YES_NO_OPTIONS = List.of("Yes", "No", UNDETERMINED);

    /** The purposes for which the guidelines allow a yes/no query, with how each is named on the form. */
    public static final Map<String, String> YES_NO_PURPOSES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("present-on-admission", "Present on admission (POA) determination");
        m.put("conflicting-documentation", "Resolving conflicting documentation between providers");
        m.put("documented-diagnosis", "Substantiating or further specifying a diagnosis already documented");
        m.put("cause-and-effect", "Establishing cause and effect between documented conditions");
        YES_NO_PURPOSES = java.util.Collections.unmodifiableMap(m);
    }

    /** Phrases that lead the provider or tie the answer to money; a query carrying one is refused. */
    static final List<String> LEADING = List.of("reimbursement", "drg", "payment", "paid", "financial", "revenue",
            "case mix", "case-mix", "severity of illness score", "quality score", "cc/mcc", "mcc",
            "you should document", "must document", "would increase", "will increase");

    public static final int MAX_OPTIONS = 12;
    public static final int MAX_OPTION = 300;

    private QueryCompliance() {}

    /** Checks a query's (or template's) question and options for its kind; returns the options to store. */
    public static List<String> check(QueryKind kind, String yesNoPurpose, String question, List<String> options) {
        checkQuestion(question);
        List<String> clean = clean(options);
        return switch (kind) {
            case OPEN_ENDED -> {
                if (!clean.isEmpty()) {
                    throw new InvalidRequestException("options", "An open-ended query offers no options; the provider answers"
                            + " in their own words (make it a multiple-choice query to offer options)");
                }
                if (yesNoPurpose != null && !yesNoPurpose.isBlank()) {
                    throw new InvalidRequestException("yesNoPurpose", "Only a yes/no query has a yes/no purpose");
                }
                yield List.of();
            }
            case MULTIPLE_CHOICE -> {
                if (yesNoPurpose != null && !yesNoPurpose.isBlank()) {
                    throw new InvalidRequestException("yesNoPurpose", "Only a yes/no query has a yes/no purpose");
                }
                boolean undetermined = clean.stream().anyMatch(QueryCompliance::isUndetermined);
                boolean other = clean.stream().anyMatch(QueryCompliance::isOther);
                if (!undetermined || !other) {
                    throw new InvalidRequestException("options", "A multiple-choice query must include \"" + UNDETERMINED
                            + "\" and \"" + OTHER + "\" among its options; missing: "
                            + (!undetermined && !other ? "both" : !undetermined ? "\"" + UNDETERMINED + "\"" : "\"" + OTHER + "\""));
                }
                long clinical = clean.stream().filter(o -> !isUndetermined(o) && !isOther(o)).count();
                if (clinical < 2) {
                    throw new InvalidRequestException("options", "A multiple-choice query offers at least two clinically"
                            + " reasonable options besides \"" + UNDETERMINED + "\" and \"" + OTHER + "\"");
                }
                yield clean;
            }
            case YES_NO -> {
                if (yesNoPurpose == null || yesNoPurpose.isBlank()) {
                    throw new InvalidRequestException("yesNoPurpose", "A yes/no query needs its purpose; yes/no is allowed only for: "
                            + String.join(", ", YES_NO_PURPOSES.keySet()));
                }
                if (!YES_NO_PURPOSES.containsKey(yesNoPurpose.strip())) {
                    throw new InvalidRequestException("yesNoPurpose", "A yes/no query is not allowed for '" + yesNoPurpose.strip()
                            + "': yes/no may never introduce a new diagnosis and is allowed only for "
                            + String.join(", ", YES_NO_PURPOSES.keySet()) + "; use an open-ended or multiple-choice query");
                }
                if (!clean.isEmpty() && !sameOptions(clean, YES_NO_OPTIONS)) {
                    throw new InvalidRequestException("options", "A yes/no query's options are Yes, No and \"" + UNDETERMINED + "\"");
                }
                yield YES_NO_OPTIONS;
            }
        };
    }

    /** A yes/no query may not introduce a new diagnosis: it must cite the documentation it asks about. */
    public static void checkIndicators(QueryKind kind, int indicators) {
        if (indicators == 0) {
            throw new InvalidRequestException("indicators", kind == QueryKind.YES_NO
                    ? "A yes/no query must cite the documentation it asks about (it may not introduce a new diagnosis)"
                    : "Cite at least one clinical indicator from the encounter's documents");
        }
    }

    static void checkQuestion(String question) {
        if (question == null || question.isBlank()) throw new InvalidRequestException("question", "Write the question");
        if (question.length() > 2000) throw new InvalidRequestException("question", "The question is too long (at most 2000 characters)");
        String q = " " + question.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9/ -]+", " ") + " ";
        for (String phrase : LEADING) {
            if (q.contains(" " + phrase + " ")) {
                throw new InvalidRequestException("question", "The question uses leading or financial language (\"" + phrase
                        + "\"); a compliant query presents the clinical indicators and asks, without suggesting an answer"
                        + " or mentioning reimbursement");
            }
        }
    }

    static List<String> clean(List<String> options) {
        List<String> out = new ArrayList<>();
        if (options == null) return out;
        for (String o : options) {
            if (o == null || o.isBlank()) continue;
            String s = o.strip();
            if (s.length() > MAX_OPTION) throw new InvalidRequestException("options", "An option is at most " + MAX_OPTION + " characters");
            if (s.contains("|")) throw new InvalidRequestException("options", "An option may not contain '|'");
            if (out.stream().anyMatch(x -> x.equalsIgnoreCase(s))) {
                throw new InvalidRequestException("options", "The option \"" + s + "\" is listed twice");
            }
            out.add(s);
        }
        if (out.size() > MAX_OPTIONS) throw new InvalidRequestException("options", "At most " + MAX_OPTIONS + " options");
        return out;
    }

    static boolean isUndetermined(String option) {
        String o = option.toLowerCase(Locale.ROOT);
        return o.startsWith("clinically undetermined") || o.startsWith("unable to determine");
    }

    static boolean isOther(String option) {
        return option.toLowerCase(Locale.ROOT).startsWith("other");
    }

    private static boolean sameOptions(List<String> a, List<String> b) {
        return a.size() == b.size() && a.stream().allMatch(x -> b.stream().anyMatch(y -> y.equalsIgnoreCase(x)));
    }

    /** The outcome an answer implies by itself, or null when CDI has to judge it (open text, "other"). */
    static QueryOutcome derived(QueryKind kind, String option) {
        if (option == null) return null;
        if (isUndetermined(option)) return QueryOutcome.UNDETERMINED;
        if (kind == QueryKind.YES_NO) return option.equalsIgnoreCase("Yes") ? QueryOutcome.AGREED : QueryOutcome.DISAGREED;
        if (kind == QueryKind.MULTIPLE_CHOICE && !isOther(option)) return QueryOutcome.AGREED;
        return null;
    }
}
