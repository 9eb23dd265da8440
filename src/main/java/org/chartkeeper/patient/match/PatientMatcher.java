package org.chartkeeper.patient.match;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chartkeeper.patient.MatchGrade;

/**
 * Fellegi-Sunter scoring of a pair of standardized records, with the rules weights alone get wrong because the
 * fields of people who live together are not independent:
 * <ul>
 * <li>household fields (address, ZIP, city, phone) together add at most {@link MatchModel#householdCap()} bits, and
 *     one place counts once (the same address implies the ZIP code and city);</li>
 * <li>family members: clearly different first names are not a match unless an SSN, a shared identifier or the same
 *     e-mail address says it is one person;</li>
 * <li>twins: clearly different first names with the same birth date (or only similar ones and another sex) are
 *     never a match, and only similar first names with the same birth date at most a possible one, unless an SSN,
 *     a shared identifier or the same e-mail address says it is one person;</li>
 * <li>generations (Jr./Sr.): the same first and last name with birth years 12 or more apart is at most a possible
 *     match.</li>
 * </ul>
 * Thread-safe.
 */
public final class PatientMatcher {

    private static final double MAX_PROBABILITY_TWINS = 0.01;
    private static final int SIMILAR = 4; // GIVEN_NAME's "similar" level
    private static final double EMAIL_LIKE_NAMES = 2.0;

    private final MatchModel model;
    private final MatchThresholds thresholds;
    private final FieldComparator comparator = new FieldComparator();

    public PatientMatcher(MatchModel model, MatchThresholds thresholds) {
        this.model = model;
        this.thresholds = thresholds;
    }

    public static PatientMatcher standard() {
        return new PatientMatcher(MatchModel.defaults(), MatchThresholds.DEFAULT);
    }

    public MatchModel model() {
        return model;
    }

    public MatchThresholds thresholds() {
        return thresholds;
    }

    public MatchScore score(MatchRecord a, MatchRecord b, TermFrequencies tf) {
        return score(comparator.compare(a, b, tf, model), a, b, tf, true);
    }

    /**
     * The score with its explanation when the pair reaches {@code minProbability}, else null: most candidates of a
     * search fall short, and their explanation (a dozen formatted lines) would be built only to be dropped.
     */
    public MatchScore scoreIfAtLeast(MatchRecord a, MatchRecord b, TermFrequencies tf, double minProbability) {
        Comparison c = comparator.compare(a, b, tf, model);
        if (score(c, a, b, tf, false).probability() < minProbability) return null;
        return score(c, a, b, tf, true);
    }

    /** The weight only, without building the explanation (the batch scan's inner loop). */
    public double probability(MatchRecord a, MatchRecord b, TermFrequencies tf) {
        return score(comparator.compare(a, b, tf, model), a, b, tf, false).probability();
    }

    public Comparison compare(MatchRecord a, MatchRecord b, TermFrequencies tf) {
        return comparator.compare(a, b, tf, model);
    }

    MatchScore score(Comparison c, MatchRecord a, MatchRecord b, TermFrequencies tf, boolean explain) {
        List<String> why = explain ? new ArrayList<>() : null;
        double total = model.prior();
        double household = 0;
        // one place, counted once: the same street address implies the ZIP code and city, the same ZIP the city
        boolean sameAddress = c.level(MatchField.ADDRESS) == 0;
        boolean sameZip = c.level(MatchField.POSTAL_CODE) == 0;
        // e-mail addresses are made of names: a similar one (not the same mailbox) says little when the names agree
        int g = c.level(MatchField.GIVEN_NAME);
        int fam = c.level(MatchField.FAMILY_NAME);
        boolean namesAgree = g >= 0 && g <= 2 && fam >= 0 && fam <= 2;
        for (MatchField f : MatchField.values()) {
            int level = c.levels()[f.ordinal()];
            double w = model.weight(f, level, c.frequency()[f.ordinal()]);
            String note = f == MatchField.GIVEN_NAME && c.namesSwapped() ? " (first and last name swapped)" : "";
            if (w > 0 && (sameAddress && (f == MatchField.POSTAL_CODE || f == MatchField.CITY)
                    || sameZip && f == MatchField.CITY)) {
                note = String.format(Locale.ROOT, " (implied by the %s, not counted again: %+.1f)",
                        sameAddress ? "street address" : "ZIP code", w);
                w = 0;
            } else if (f == MatchField.EMAIL && level == 2 && w > EMAIL_LIKE_NAMES && namesAgree) {
                // addresses are made of names: a similar one says little once the names agree
                note = String.format(Locale.ROOT, " (made of the same names: %+.1f counted as %+.1f)", w,
                        EMAIL_LIKE_NAMES);
                w = EMAIL_LIKE_NAMES;
            }
            if (f.household() && w > 0) household += w;
            else total += w;
            if (explain && level != MatchField.MISSING) {
                why.add(String.format(Locale.ROOT, "%s: %s%s (%+.1f)", f.label(), f.levels().get(level), note, w));
            }
        }
        if (c.namesSwapped()) total += model.swapWeight();
        if (household > model.householdCap()) {
            if (explain) why.add(String.format(Locale.ROOT, "household fields count at most %+.1f (were %+.1f)",
                    model.householdCap(), household));
            household = model.householdCap();
        }
        total += household;
        double p = probability(total);

        int given = c.level(MatchField.GIVEN_NAME);
        int birth = c.level(MatchField.BIRTH_DATE);
        boolean sameBirth = birth == 0 || birth == 1;
        boolean strongId = c.level(MatchField.SSN) == 0 || c.level(MatchField.IDENTIFIER) == 0;
        boolean personal = strongId || c.level(MatchField.EMAIL) == 0 || c.level(MatchField.EMAIL) == 1;
        // a name seen once or twice in the population is most likely a mistyped one, not a sibling's
        boolean typoLike = given >= 0 && !c.namesSwapped() && a.given() != null && b.given() != null
                && (tf.rareGiven(a.given()) || tf.rareGiven(b.given()))
                && Strings.letterOverlap(a.given(), b.given()) >= 0.5;
        boolean otherSex = c.level(MatchField.SEX) == 1;
        double possibleAtMost = Math.nextDown((thresholds.match() + thresholds.review()) / 2);
        if (sameBirth && !c.namesSwapped() && !personal && p > MAX_PROBABILITY_TWINS
                && (given == MatchField.GIVEN_NAME.disagree() || given == SIMILAR && otherSex)) {
            p = MAX_PROBABILITY_TWINS;
            if (explain) why.add("rule: different first names with the same birth date (twins?): not a match");
        } else if (given == MatchField.GIVEN_NAME.disagree() && !c.namesSwapped() && !personal && !typoLike
                && p > MAX_PROBABILITY_TWINS) {
            p = MAX_PROBABILITY_TWINS;
            if (explain) why.add("rule: different first names and nothing personal (SSN, identifier, e-mail) agrees"
                    + " (family members?): not a match");
        } else if (sameBirth && !c.namesSwapped() && !personal && !typoLike && given == SIMILAR && p > possibleAtMost) {
            p = possibleAtMost;
            if (explain) why.add("rule: only similar first names with the same birth date (twins?): at most a"
                    + " possible match");
        } else if (generations(c, a, b) && !strongId && p > possibleAtMost) {
            p = possibleAtMost;
            if (explain) why.add("rule: same name, birth years 12 or more apart (parent and child?): at most a"
                    + " possible match");
        }
        MatchGrade grade = thresholds.grade(p);
        return new MatchScore(total, p, grade, c, explain ? List.copyOf(why) : List.of());
    }

    private static boolean generations(Comparison c, MatchRecord a, MatchRecord b) {
        LocalDate x = a.birthDate();
        LocalDate y = b.birthDate();
        if (x == null || y == null || c.level(MatchField.BIRTH_DATE) != MatchField.BIRTH_DATE.disagree()) return false;
        return Math.abs(x.getYear() - y.getYear()) >= 12 && c.level(MatchField.GIVEN_NAME) <= 1;
    }

    static double probability(double bits) {
        return 1 / (1 + Math.pow(2, -bits));
    }
}
