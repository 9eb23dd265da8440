package org.chartkeeper.disclosure;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.patient.Patient;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Letters as PDFs from editable templates. A template is plain text with {@code {{field}}} placeholders; only the
 * fields of {@link #FIELDS} may appear (a template naming another is refused when saved). Filling is one pass:
 * a value is never itself expanded, so text a requester typed ("${patientName}", "<script>") appears literally.
 * Every generated letter is stored (filled text and PDF) and listed on its subject. Audited on the one gate.
 */
@Service
public class LetterService {

    public static final String EDIT = "roi.letters";
    public static final int MAX_BODY = 20_000;
    static final int LIST_LIMIT = 200;

    /** The placeholders a template may use. */
    public static final Set<String> FIELDS = Set.of("today", "patientName", "patientBirthDate", "patientMrn",
            "requestNo", "requesterName", "requesterAddress", "receivedOn", "dueOn", "missingItems", "subject",
            "extensionReason", "denialReason", "description", "delivery", "deliveredOn", "periodFrom", "periodTo",
            "disclosures", "fee", "documentTitle", "amendmentRequested");

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\\\)\\{\\{([^}]*)}}");

    private final LetterRepository letters;
    private final DisclosureService roi;
    private final PatientService patients;
    private final AccessGate gate;
    private final PermissionService permissions;
    private final Clock clock;

    public LetterService(LetterRepository letters, DisclosureService roi, PatientService patients, AccessGate gate,
                         PermissionService permissions, Clock clock) {
        this.letters = letters;
        this.roi = roi;
        this.patients = patients;
        this.gate = gate;
        this.permissions = permissions;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ templates (no patient data)

    public List<LetterTemplate> templates() {
        return letters.templates();
    }

    public LetterTemplate template(String code) {
        return letters.template(code).orElseThrow(() -> new NotFoundException("No letter template '" + code + "'"));
    }

    /** Changes a template's name and text (roi.letters); refused when it names a field outside the allow-list. */
    @Transactional
    public LetterTemplate saveTemplate(String code, int version, String name, String body) {
        if (!permissions.has(CurrentUser.require(), EDIT)) {
            throw new AccessDeniedException("Editing letter templates needs " + EDIT);
        }
        template(code);
        if (name == null || name.isBlank()) throw new InvalidRequestException("name", "Name the template");
        if (name.strip().length() > 200) throw new InvalidRequestException("name", "At most 200 characters");
        if (body == null || body.isBlank()) throw new InvalidRequestException("body", "Write the letter's text");
        if (body.length() > MAX_BODY) {
            throw new InvalidRequestException("body", "The text is too long (at most " + MAX_BODY + " characters)");
        }
        checkPlaceholders(body);
        if (!letters.updateTemplate(code, version, name.strip(), body.replace("\r\n", "\n"), clock.instant(),
                CurrentUser.require().id())) {
            throw new StaleVersionException("Letter template " + code, version);
        }
        return template(code);
    }

    /** Refuses a template that names a field outside the allow-list, or leaves a placeholder unclosed. */
    static void checkPlaceholders(String body) {
        Matcher m = PLACEHOLDER.matcher(body);
        Set<String> unknown = new TreeSet<>();
        while (m.find()) {
            if (!FIELDS.contains(m.group(1))) unknown.add(m.group(1));
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("body", "Unknown field(s) " + unknown.stream().map(f -> "{{" + f + "}}")
                    .collect(Collectors.joining(", ")) + "; a template may use " + new TreeSet<>(FIELDS));
        }
        String rest = PLACEHOLDER.matcher(body.replaceAll("\\\\\\{\\{[^}]*}}", "")).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            throw new InvalidRequestException("body", "A placeholder is not written {{field}}");
        }
    }

    /** The template's text with the fields filled in one pass (values are never expanded; unknown fields stay empty). */
    static String fill(String body, Map<String, String> fields) {
        StringLookup lookup = key -> {
            if (!FIELDS.contains(key)) return "";
            String v = fields.get(key);
            return v == null ? "" : v;
        };
        StringSubstitutor s = new StringSubstitutor(lookup, "{{", "}}", '\\');
        s.setDisableSubstitutionInValues(true);
        s.setEnableUndefinedVariableException(false);
        return s.replace(body);
    }

    // ------------------------------------------------------------------ generating and reading letters

    /**
     * Generates a letter about a release-of-information request from one of the request templates
     * (acknowledgement, pend, extension, denial, delivery); {@code extra} may give the extension reason, the
     * description of what was released, the delivery and its date, or a denial reason. Audited.
     */
    @Transactional
    public Letter forRequest(long requestId, String templateCode, Map<String, String> extra) {
        String code = templateCode == null ? "" : templateCode.strip();
        if (!Set.of("acknowledgement", "pend", "extension", "denial", "delivery").contains(code)) {
            throw new InvalidRequestException("template", "A request letter is one of acknowledgement, pend,"
                    + " extension, denial, delivery");
        }
        RequestView v = roi.request(requestId);
        RoiRequest r = v.request();
        Map<String, String> f = requestFields(v);
        if (code.equals("pend") && v.checklist().passed()) {
            throw new InvalidRequestException("template", "Request " + r.requestNo() + " passes its checklist; nothing is missing");
        }
        if (code.equals("extension") && r.extensionNoticeOn() == null) {
            throw new InvalidRequestException("template", "Request " + r.requestNo() + " is not extended; extend it first");
        }
        for (String key : List.of("extensionReason", "description", "delivery", "deliveredOn", "denialReason")) {
            String value = extra == null ? null : extra.get(key);
            if (value != null && !value.isBlank()) f.put(key, text(key, value, 2000));
        }
        if (code.equals("denial") && (f.get("denialReason") == null || f.get("denialReason").isBlank())) {
            throw new InvalidRequestException("denialReason", "Give the reason for the denial");
        }
        if (code.equals("extension") && (f.get("extensionReason") == null || f.get("extensionReason").isBlank())) {
            throw new InvalidRequestException("extensionReason", "Give the reason for the delay");
        }
        return generate(code, r.patientId(), Letter.REQUEST, requestId, f);
    }

    /**
     * The pend letter a request would get now, from the editable template, as a PDF: not stored (a preview on the
     * request's page). Audited as a view of the request.
     */
    public byte[] pendPreview(long requestId) {
        RequestView v = roi.request(requestId);
        Map<String, String> all = new LinkedHashMap<>(requestFields(v));
        Patient p = patients.open(v.request().patientId());
        all.put("today", String.valueOf(today()));
        all.put("patientName", p.displayName());
        all.put("patientBirthDate", String.valueOf(p.birthDate()));
        all.put("patientMrn", p.mrn());
        LetterTemplate t = template("pend");
        return LetterPdf.render(t.name(), fill(t.body(), all));
    }

    /**
     * A request that was just pended (at intake, or when its checklist stopped passing) gets its pend letter, which
     * names what is missing, from the editable template and stored with the request's letters. Returns it, or null
     * when the request is not pended.
     */
    @Transactional
    public Letter pendedLetter(RoiRequest r) {
        if (r.status() != RoiStatus.PENDED) return null;
        return forRequest(r.id(), "pend", Map.of());
    }

    private Map<String, String> requestFields(RequestView v) {
        RoiRequest r = v.request();
        Map<String, String> f = new HashMap<>();
        f.put("requestNo", r.requestNo());
        f.put("requesterName", r.requesterName());
        f.put("requesterAddress", r.requesterAddress());
        f.put("receivedOn", String.valueOf(r.receivedOn()));
        f.put("dueOn", String.valueOf(r.dueOn()));
        f.put("subject", "request " + r.requestNo());
        f.put("missingItems", v.checklist().missing().isEmpty() ? "  (nothing: the request is complete)"
                : v.checklist().missing().stream().map(i -> "  - " + i.missing()).collect(Collectors.joining("\n")));
        f.put("denialReason", r.status() == RoiStatus.DENIED ? r.statusNote() : null);
        f.put("description", r.purpose());
        f.put("delivery", r.delivery());
        f.put("deliveredOn", String.valueOf(today()));
        f.put("extensionReason", r.extensionReason());
        return f;
    }

    /**
     * Fills a template for a patient, renders and stores the PDF, and returns the letter. The patient's name, birth
     * date, MRN and today's date are filled here. Audited (CREATE, "letter generated").
     */
    @Transactional
    Letter generate(String templateCode, long patientId, String subjectType, long subjectId, Map<String, String> fields) {
        return generate(templateCode, patientId, subjectType, subjectId, fields, DisclosureService.WORK);
    }

    /** As above, under another permission (the author denying an amendment writes its letter under amendment.decide). */
    @Transactional
    Letter generate(String templateCode, long patientId, String subjectType, long subjectId, Map<String, String> fields,
                    String permission) {
        LetterTemplate t = template(templateCode);
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, patientId, "Letter",
                subjectType + "/" + subjectId), permission, t.code() + " letter generated");
        Patient p = patients.open(patientId);
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("today", String.valueOf(today()));
        all.put("patientName", p.displayName());
        all.put("patientBirthDate", String.valueOf(p.birthDate()));
        all.put("patientMrn", p.mrn());
        String text = fill(t.body(), all);
        byte[] pdf = LetterPdf.render(t.name(), text);
        Instant now = clock.instant();
        long id = letters.insert(patientId, t.code(), subjectType, subjectId, text, pdf, now, CurrentUser.require().id());
        return letters.find(id).orElseThrow();
    }

    /** The letters of a release-of-information request, oldest first. Audited as a view of the request. */
    public List<Letter> ofRequest(long requestId) {
        roi.request(requestId);
        return letters.ofSubject(Letter.REQUEST, requestId);
    }

    /** The letters about one subject, oldest first. Audited as a list of the patients shown. */
    public List<Letter> ofSubject(String subjectType, long subjectId) {
        List<Letter> list = letters.ofSubject(subjectType, subjectId);
        gate.list(DataCategory.DISCLOSURES, "Letter", list.stream().map(Letter::patientId).toList(),
                "letters of " + subjectType + " " + subjectId);
        return list;
    }

    /** The most recent letters (the API's list). Audited as a list. */
    public List<Letter> recent() {
        List<Letter> list = letters.recent(LIST_LIMIT);
        gate.list(DataCategory.DISCLOSURES, "Letter", list.stream().map(Letter::patientId).toList(), "recent letters");
        return list;
    }

    /** A stored letter's PDF, as it was generated. Audited (VIEW). */
    public LetterFile pdf(long letterId) {
        Letter l = letters.find(letterId).orElseThrow(() -> new NotFoundException("No letter " + letterId));
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, l.patientId(), "Letter", letterId));
        return new LetterFile(l, letters.pdf(letterId).orElseThrow(),
                letters.body(letterId).orElseThrow());
    }

    /** A stored letter: what it is, its PDF and its filled text. */
    public record LetterFile(Letter letter, byte[] pdf, String text) {
        public String fileName() {
            return letter.templateCode() + "-letter-" + letter.id() + ".pdf";
        }
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.length() > max) throw new InvalidRequestException(field, field + " is too long (at most " + max + " characters)");
        return v;
    }
}
