package org.chartkeeper.coding;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The coding edits. Which codes each edit names (sex, age, principal-diagnosis and POA lists) and where each rule
 * comes from are data (tables coding_edit and coding_edit_code); this class applies them to an abstract.
 */
@Component
class CodingEdits {

    private static final Set<String> POA_VALUES = Set.of("Y", "N", "U", "W");

    private final EncounterCodingRepository repository;
    private volatile Rules rules;

    private record Rules(Map<String, EncounterCodingRepository.Edit> edits,
                         Map<String, List<EncounterCodingRepository.EditRange>> ranges) {}

    /** A coded line to check: diagnosis (sequence 1 is the principal) or procedure. */
    record Line(CodeSystem system, String code, boolean diagnosis, int sequence, String poa) {}

    /** What the edits need to know about the encounter and the patient. */
    record Subject(boolean inpatient, String sex, Integer age, LocalDate dischargeDate) {}

    CodingEdits(EncounterCodingRepository repository) {
        this.repository = repository;
    }

    List<CodingFinding> check(Subject subject, List<Line> lines,
                              BiFunction<CodeSystem, String, CodeValidity> validity) {
        Rules r = rules();
        List<CodingFinding> out = new ArrayList<>();
        String principal = lines.stream().filter(l -> l.diagnosis() && l.sequence() == 1).map(Line::code).findFirst().orElse(null);
        for (Line l : lines) {
            String shown = l.system().display(l.code());
            CodeValidity v = validity.apply(l.system(), l.code());
            if (!v.valid()) {
                out.add(finding(r, v.status().equals("header") ? "header-code" : "invalid-code", shown, v.reason()));
            }
            if (!l.diagnosis() || l.system() != CodeSystem.ICD10CM) continue;
            if (l.sequence() == 1) {
                if (in(r, "manifestation-principal", l.code())) {
                    out.add(finding(r, "manifestation-principal", shown, shown + " is a manifestation: sequence the"
                            + " underlying disease first"));
                }
                if (in(r, "external-cause-principal", l.code())) {
                    out.add(finding(r, "external-cause-principal", shown, shown + " is an external cause: it may not be"
                            + " the principal diagnosis"));
                }
                if (in(r, "unacceptable-principal", l.code())) {
                    out.add(finding(r, "unacceptable-principal", shown, shown + " is unacceptable as principal diagnosis"));
                }
            } else if (l.code().equals(principal)) {
                out.add(finding(r, "duplicate-of-principal", shown, shown + " is already the principal diagnosis"));
            }
            String sex = binarySex(subject.sex());
            if (sex != null) {
                for (var range : ranges(r, "sex-conflict", l.code())) {
                    if (range.sex() != null && !range.sex().equalsIgnoreCase(sex)) {
                        out.add(finding(r, "sex-conflict", range, shown, shown + " is for " + range.sex() + " patients;"
                                + " this patient is " + sex));
                    }
                }
            }
            if (subject.age() != null) {
                for (var range : ranges(r, "age-conflict", l.code())) {
                    int min = range.minAge() == null ? 0 : range.minAge();
                    int max = range.maxAge() == null ? 150 : range.maxAge();
                    if (subject.age() < min || subject.age() > max) {
                        String ages = min == max ? "age " + min : "ages " + min + " to " + max;
                        out.add(finding(r, "age-conflict", range, shown, shown + (range.category() == null
                                ? " is for " + ages : " is among the " + range.category() + " diagnoses (" + ages + ")")
                                + "; the patient was " + subject.age() + " at admission"));
                    }
                }
            }
            if (subject.inpatient()) {
                String poa = l.poa() == null || l.poa().isBlank() ? null : l.poa().strip().toUpperCase();
                if (in(r, "poa-exempt", l.code())) {
                    if (poa != null && !poa.equals("1")) {
                        out.add(finding(r, "poa-exempt", shown, shown + " is exempt from POA reporting: report 1 or"
                                + " leave it blank"));
                    }
                } else if (poa == null) {
                    out.add(finding(r, "poa-missing", shown, "Give the present-on-admission indicator of " + shown));
                } else if (!POA_VALUES.contains(poa)) {
                    out.add(finding(r, "poa-invalid", shown, "'" + poa + "' is not a POA indicator for " + shown
                            + " (Y, N, U or W)"));
                }
            }
        }
        return out;
    }

    private static CodingFinding finding(Rules r, String edit, String code, String message) {
        return finding(r, edit, null, code, message);
    }

    /** A finding citing the range's own source when it has one (an MCE age category), else the edit's. */
    private static CodingFinding finding(Rules r, String edit, EncounterCodingRepository.EditRange range, String code,
                                         String message) {
        EncounterCodingRepository.Edit e = r.edits().get(edit);
        String source = range != null && range.source() != null ? range.source() : e == null ? null : e.source();
        return new CodingFinding(edit, code, message, source);
    }

    /**
     * The sex the sex edit judges: male or female. The MCE sex conflict edit applies only to those; a patient
     * registered as other or unknown (or with no sex) gets no sex conflict.
     */
    static String binarySex(String sex) {
        if (sex == null) return null;
        String s = sex.strip().toLowerCase(Locale.ROOT);
        return s.equals("male") || s.equals("female") ? s : null;
    }

    private static boolean in(Rules r, String edit, String code) {
        return !ranges(r, edit, code).isEmpty();
    }

    private static List<EncounterCodingRepository.EditRange> ranges(Rules r, String edit, String code) {
        List<EncounterCodingRepository.EditRange> out = new ArrayList<>();
        for (var range : r.ranges().getOrDefault(edit, List.of())) {
            int n = range.first().length();
            if (code.length() < n) continue;
            String head = code.substring(0, n);
            if (head.compareTo(range.first()) >= 0 && head.compareTo(range.last()) <= 0) out.add(range);
        }
        return out;
    }

    private Rules rules() {
        Rules r = rules;
        if (r == null) {
            r = new Rules(repository.edits().stream().collect(Collectors.toMap(EncounterCodingRepository.Edit::code, e -> e)),
                    repository.editRanges().stream().collect(Collectors.groupingBy(EncounterCodingRepository.EditRange::edit)));
            rules = r;
        }
        return r;
    }
}
