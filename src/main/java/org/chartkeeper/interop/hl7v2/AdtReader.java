package org.chartkeeper.interop.hl7v2;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chartkeeper.encounter.Visit;
import org.chartkeeper.patient.Demographics;

/**
 * Reads an ADT message (versions 2.3 to 2.8) into an {@link AdtMessage}. What the message must have to be taken at
 * all (MSH, a supported type, event and version, a control id) is checked here and refused with the field named;
 * what each event needs of the patient and visit is checked where the event is applied.
 */
final class AdtReader {

    // the patterns of the fields this reader checks, compiled once
    private static final java.util.regex.Pattern STATE = java.util.regex.Pattern.compile("[A-Za-z]{2}");
    private static final java.util.regex.Pattern ZIP = java.util.regex.Pattern.compile("\\d{5}(-\\d{4})?");
    private static final java.util.regex.Pattern ZIP_CHARACTERS = java.util.regex.Pattern.compile("[\\d -]+");
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    private static final java.util.regex.Pattern NPI = java.util.regex.Pattern.compile("\\d{10}");
    private static final java.util.regex.Pattern DATE_START = java.util.regex.Pattern.compile("\\d{8}.*");
    private static final java.util.regex.Pattern SSN = java.util.regex.Pattern.compile("\\d{3}-?\\d{2}-?\\d{4}");
    static final java.util.regex.Pattern NON_DIGIT = java.util.regex.Pattern.compile("\\D");
    private static final java.util.regex.Pattern TIMESTAMP = java.util.regex.Pattern.compile(
            "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\.\\d{1,4})?([+-]\\d{4})?");

    static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8",
            "2.8.1", "2.8.2");
    static final Set<String> EVENTS = Set.of("A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A11", "A12",
            "A13", "A28", "A31", "A40", "A47");
    /** Address types taken before the first address: home, mailing, permanent, legal. */
    private static final Set<String> ADDRESS_TYPES = Set.of("H", "M", "P", "L");
    private static final Set<String> RACES = Set.of("1002-5", "2028-9", "2054-5", "2076-8", "2106-3", "2131-1", "ASKU", "UNK");

    private final ZoneId zone;

    AdtReader(ZoneId zone) {
        this.zone = zone;
    }

    /** Just the header, for storing and answering a message whose body cannot be read. */
    AdtMessage.Header header(Hl7Text m) {
        int msh = m.index("MSH", 1);
        String app = hd(m, m.raw(msh, 3));
        String facility = hd(m, m.raw(msh, 4));
        String sender = (app.isEmpty() ? "?" : app) + "/" + (facility.isEmpty() ? "?" : facility);
        String type = m.raw(msh, 9);
        String messageType = m.component(type, 1);
        String event = m.component(type, 2);
        String version = m.component(m.raw(msh, 12), 1);
        Instant sent = null;
        try {
            sent = instant(m, m.value(msh, 7), Hl7Location.of("MSH", 7));
        } catch (Hl7Problem ignored) {
            // the send time is informational
        }
        return new AdtMessage.Header(clip(sender, 200), app, facility, m.value(msh, 10),
                messageType.isEmpty() ? null : messageType + (event.isEmpty() ? "" : "^" + event),
                event.isEmpty() ? null : event.toUpperCase(Locale.ROOT), version.isEmpty() ? null : version, sent);
    }

    /** Checks that this is a message the intake takes: ADT, a supported event and version, a control id. */
    void accept(Hl7Text m, AdtMessage.Header h) {
        if (h.controlId() == null || h.controlId().isBlank()) {
            throw new Hl7Problem(Hl7Location.of("MSH", 10), Hl7Problem.REQUIRED_FIELD_MISSING, "AR",
                    "MSH-10 (message control id) is required");
        }
        if (h.controlId().length() > 199) {
            throw new Hl7Problem(Hl7Location.of("MSH", 10), Hl7Problem.DATA_TYPE_ERROR, "AR",
                    "MSH-10 (message control id) is longer than 199 characters");
        }
        if (h.version() == null) {
            throw new Hl7Problem(Hl7Location.of("MSH", 12), Hl7Problem.REQUIRED_FIELD_MISSING, "AR",
                    "MSH-12 (version id) is required");
        }
        if (!VERSIONS.contains(h.version())) {
            throw new Hl7Problem(Hl7Location.of("MSH", 12), Hl7Problem.UNSUPPORTED_VERSION,
                    "Version " + h.version() + " is not taken; versions 2.3 to 2.8 are");
        }
        String type = m.component(m.raw("MSH", 9), 1);
        if (type.isEmpty()) {
            throw new Hl7Problem(Hl7Location.of("MSH", 9, 1), Hl7Problem.REQUIRED_FIELD_MISSING, "AR",
                    "MSH-9 (message type) is required");
        }
        if (!type.equals("ADT")) {
            throw new Hl7Problem(Hl7Location.of("MSH", 9, 1), Hl7Problem.UNSUPPORTED_MESSAGE_TYPE,
                    "Message type " + type + " is not taken; this interface takes ADT");
        }
        if (h.event() == null) {
            throw new Hl7Problem(Hl7Location.of("MSH", 9, 2), Hl7Problem.REQUIRED_FIELD_MISSING, "AR",
                    "MSH-9.2 (trigger event) is required");
        }
        if (!EVENTS.contains(h.event())) {
            throw new Hl7Problem(Hl7Location.of("MSH", 9, 2), Hl7Problem.UNSUPPORTED_EVENT,
                    "Event " + h.event() + " is not taken; this interface takes " + String.join(", ", EVENTS.stream().sorted().toList()));
        }
        String processing = m.component(m.raw("MSH", 11), 1);
        if (!processing.isEmpty() && !Set.of("P", "T", "D").contains(processing)) {
            throw new Hl7Problem(Hl7Location.of("MSH", 11), Hl7Problem.UNSUPPORTED_PROCESSING_ID,
                    "Processing id " + processing + " is not one of P, T, D");
        }
    }

    AdtMessage read(Hl7Text m) {
        AdtMessage.Header h = header(m);
        accept(m, h);
        if (m.count("PID") == 0) {
            throw new Hl7Problem(Hl7Location.of("PID", 0), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "The message has no PID segment");
        }
        String defaultAuthority = !h.sendingFacility().isEmpty() ? h.sendingFacility() : h.sendingApplication();
        List<AdtMessage.PatientPart> patients = new ArrayList<>();
        int pidCount = m.count("PID");
        int mrgSeen = 0;
        for (int occurrence = 1; occurrence <= pidCount; occurrence++) {
            int pid = m.index("PID", occurrence);
            // the MRG of this PID is the one between it and the next PID
            int next = occurrence < pidCount ? m.index("PID", occurrence + 1) : m.segmentCount();
            AdtMessage.Merge merge = null;
            for (int i = pid + 1; i < next; i++) {
                if (m.segmentName(i).equals("MRG")) {
                    mrgSeen++;
                    merge = merge(m, i, mrgSeen, defaultAuthority);
                    break;
                }
            }
            patients.add(patient(m, pid, occurrence, defaultAuthority, merge));
        }
        return new AdtMessage(h, patients, visit(m, patients.getFirst()));
    }

    private AdtMessage.PatientPart patient(Hl7Text m, int pid, int occurrence, String defaultAuthority,
                                           AdtMessage.Merge merge) {
        Hl7Location at = Hl7Location.of("PID", 0).occurrence(occurrence);
        List<Demographics.Identifier> ids = new ArrayList<>();
        String ssn = null;
        List<String> reps = new ArrayList<>(m.repetitions(pid, 3));
        // PID-2 (external id) and PID-4 (alternate id) of 2.3/2.4 feeds are identifiers too
        for (int f : new int[] {2, 4}) reps.addAll(m.repetitions(pid, f));
        int rep = 0;
        for (String cx : reps) {
            rep++;
            Demographics.Identifier id = identifier(m, cx, defaultAuthority, loc(at, 3).repetition(rep));
            if (id == null) continue;
            if ("SS".equals(id.typeCode())) {
                ssn = ssn == null ? validSsn(id.value()) : ssn;
            } else if (!holds(ids, id)) {
                ids.add(id);
            }
        }
        // the name: the legal one (type L) if given, else the first
        String family = null, given = null, middle = null;
        List<String> names = m.repetitions(pid, 5);
        String name = names.isEmpty() ? null : names.getFirst();
        for (String x : names) {
            if ("L".equals(m.component(x, 7)) && !m.subcomponent(x, 1, 1).isBlank() && !m.component(x, 2).isBlank()) {
                name = x;
                break;
            }
        }
        if (name != null) {
            family = blank(m.subcomponent(name, 1, 1));
            given = blank(m.component(name, 2));
            middle = blank(m.component(name, 3));
        }
        String birth = m.value(pid, 7);
        LocalDate birthDate = birth.isEmpty() || birth.equals("\"\"") ? null : date(birth, loc(at, 7));
        String sexCode = m.value(pid, 8);
        String sex = sexCode.isEmpty() || sexCode.equals("\"\"") ? null : sex(sexCode, loc(at, 8));
        // address: home or mailing if marked, else the first
        String addressLine = null, city = null, state = null, postal = null;
        List<String> addresses = m.repetitions(pid, 11);
        String address = addresses.isEmpty() ? null : addresses.getFirst();
        for (String x : addresses) {
            if (ADDRESS_TYPES.contains(m.component(x, 7))) {
                address = x;
                break;
            }
        }
        if (address != null) {
            StringBuilder streetParts = new StringBuilder();
            for (String part : m.subcomponents(address, 1)) {
                String stripped = part.strip();
                if (stripped.isEmpty()) continue;
                if (!streetParts.isEmpty()) streetParts.append(' ');
                streetParts.append(stripped);
            }
            String street = streetParts.toString();
            String other = m.component(address, 2).strip();
            addressLine = blank(other.isEmpty() ? street : street + ", " + other);
            city = blank(m.component(address, 3));
            String st = m.component(address, 4).strip();
            state = STATE.matcher(st).matches() ? st.toUpperCase(Locale.ROOT) : null;
            String zip = m.component(address, 5).strip();
            String digits = NON_DIGIT.matcher(zip).replaceAll("");
            postal = ZIP.matcher(zip).matches() ? zip : digits.length() == 9 && ZIP_CHARACTERS.matcher(zip).matches()
                    ? digits.substring(0, 5) + "-" + digits.substring(5) : null;
            if (addressLine != null && addressLine.length() > 200) addressLine = addressLine.substring(0, 200);
            if (city != null && city.length() > 100) city = city.substring(0, 100);
        }
        String phone = null, email = null;
        for (String xtn : m.repetitions(pid, 13)) {
            String use = m.component(xtn, 2);
            String equipment = m.component(xtn, 3);
            if (email == null && ("Internet".equalsIgnoreCase(equipment) || "NET".equals(use) || "X.400".equals(equipment))) {
                String e = m.component(xtn, 4).strip();
                if (EMAIL.matcher(e).matches() && e.length() <= 200) email = e;
                continue;
            }
            if (phone == null) {
                String digits = NON_DIGIT.matcher((m.component(xtn, 6) + m.component(xtn, 7))).replaceAll("");
                if (digits.length() != 10) digits = NON_DIGIT.matcher(m.component(xtn, 1)).replaceAll("");
                if (digits.length() == 11 && digits.startsWith("1")) digits = digits.substring(1);
                if (digits.length() == 10) {
                    phone = "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
                }
            }
        }
        String language = m.value(pid, 15).strip();
        if (!LANGUAGE.matcher(language).matches()) language = null;
        Set<String> races = new LinkedHashSet<>();
        for (String r : m.repetitions(pid, 10)) {
            String code = m.component(r, 1).strip();
            if (RACES.contains(code)) races.add(code);
        }
        String ethnicityCode = m.value(pid, 22).strip();
        String ethnicity = switch (ethnicityCode) {
            case "H", "2135-2" -> "2135-2";
            case "N", "2186-5" -> "2186-5";
            default -> null;
        };
        if (ssn == null) ssn = validSsn(m.value(pid, 19));
        String account = blank(m.value(pid, 18));
        return new AdtMessage.PatientPart(occurrence, List.copyOf(ids), family, given, middle, birthDate, sex,
                addressLine, city, state, postal, phone, email, ssn, language,
                races.isEmpty() ? null : String.join(",", races), ethnicity, account, merge);
    }

    private AdtMessage.Merge merge(Hl7Text m, int mrg, int occurrence, String defaultAuthority) {
        Hl7Location at = Hl7Location.of("MRG", 1).occurrence(occurrence);
        List<Demographics.Identifier> prior = new ArrayList<>();
        int rep = 0;
        for (String cx : m.repetitions(mrg, 1)) {
            Demographics.Identifier id = identifier(m, cx, defaultAuthority, at.repetition(++rep));
            if (id != null && !"SS".equals(id.typeCode())) prior.add(id);
        }
        return new AdtMessage.Merge(occurrence, List.copyOf(prior), blank(m.value(mrg, 3)));
    }

    private AdtMessage.VisitPart visit(Hl7Text m, AdtMessage.PatientPart patient) {
        int pv1 = m.index("PV1", 1);
        String visitNumber = pv1 < 0 ? null : blank(m.value(pv1, 19));
        String account = patient.accountNumber() != null ? patient.accountNumber() : visitNumber;
        Hl7Location accountAt = patient.accountNumber() != null ? Hl7Location.of("PID", 18) : Hl7Location.of("PV1", 19);
        if (pv1 < 0) {
            return new AdtMessage.VisitPart(new Visit(account, null, null, null, null, null, null, null, null),
                    accountAt, null, false);
        }
        String classCode = m.value(pv1, 2).strip();
        String encounterClass = switch (classCode.toUpperCase(Locale.ROOT)) {
            case "" -> null;
            case "I", "B", "P" -> "INPATIENT"; // inpatient, obstetrics, preadmit (to be admitted)
            case "E" -> "EMERGENCY";
            case "O", "R", "C", "N", "U" -> "OUTPATIENT"; // outpatient, recurring, commercial, not applicable, unknown
            default -> throw new Hl7Problem(Hl7Location.of("PV1", 2), Hl7Problem.TABLE_VALUE_NOT_FOUND,
                    "Patient class " + classCode + " is not in HL7 table 0004 (E, I, O, P, R, B, C, N, U)");
        };
        String location = location(m, m.repetitions(pv1, 3));
        String prior = location(m, m.repetitions(pv1, 6));
        String npi = null, attendingName = null;
        List<String> attending = m.repetitions(pv1, 7);
        if (!attending.isEmpty()) {
            String xcn = attending.getFirst();
            String id = m.component(xcn, 1).strip();
            boolean npiMarked = "NPI".equalsIgnoreCase(m.component(xcn, 13)) || m.component(xcn, 9).toUpperCase(Locale.ROOT).contains("NPI")
                    || m.raw(pv1, 7).contains("2.16.840.1.113883.4.6");
            if (NPI.matcher(id).matches() || npiMarked && !id.isEmpty() && id.length() <= 10) npi = id;
            String family = m.subcomponent(xcn, 2, 1).strip();
            String given = m.component(xcn, 3).strip();
            String n = (given + " " + family).strip();
            attendingName = n.isEmpty() ? null : n.length() > 200 ? n.substring(0, 200) : n;
        }
        String department = blank(m.value(pv1, 10));
        String disposition = blank(m.value(pv1, 36));
        String admit = m.value(pv1, 44);
        String discharge = m.value(pv1, 45);
        Instant admitAt = admit.isEmpty() ? null : instant(m, admit, Hl7Location.of("PV1", 44));
        int pv2 = m.index("PV2", 1);
        String expected = pv2 < 0 ? "" : m.value(pv2, 8);
        if (admitAt == null && !expected.isEmpty()) {
            admitAt = instant(m, expected, Hl7Location.of("PV2", 8)); // a pre-admission's expected admission
        }
        Instant dischargeAt = discharge.isEmpty() ? null : instant(m, discharge, Hl7Location.of("PV1", 45));
        return new AdtMessage.VisitPart(new Visit(account, encounterClass, admitAt, dischargeAt, location, npi,
                attendingName, department, disposition), accountAt, prior, true);
    }

    private static String location(Hl7Text m, List<String> reps) {
        if (reps.isEmpty()) return null;
        String pl = reps.getFirst();
        List<String> parts = new ArrayList<>();
        for (int c : new int[] {1, 2, 3}) {
            String v = m.subcomponent(pl, c, 1).strip();
            if (!v.isEmpty()) parts.add(v);
        }
        String facility = m.subcomponent(pl, 4, 1).strip();
        String s = String.join("-", parts);
        if (!facility.isEmpty()) s = s.isEmpty() ? facility : s + " (" + facility + ")";
        return s.isEmpty() ? null : s.length() > 200 ? s.substring(0, 200) : s;
    }

    /**
     * One CX as an identifier with its assigning authority: the universal id (an OID, stored bare) or namespace of
     * CX-4, else of CX-6 (assigning facility), else the sending facility's.
     */
    private static Demographics.Identifier identifier(Hl7Text m, String cx, String defaultAuthority, Hl7Location at) {
        String value = m.component(cx, 1).strip();
        if (value.isEmpty()) return null;
        if (value.length() > 64) {
            throw new Hl7Problem(at.component(1), Hl7Problem.DATA_TYPE_ERROR, "An identifier is at most 64 characters");
        }
        String authority = hdOf(m, cx, 4);
        if (authority.isEmpty()) authority = hdOf(m, cx, 6);
        if (authority.isEmpty()) authority = defaultAuthority;
        if (authority.isEmpty()) {
            throw new Hl7Problem(at.component(4), Hl7Problem.REQUIRED_FIELD_MISSING,
                    "The identifier has no assigning authority (CX-4) and the sending facility (MSH-4) is empty");
        }
        if (authority.length() > 120) authority = authority.substring(0, 120);
        String type = m.component(cx, 5).strip().toUpperCase(Locale.ROOT);
        if (type.isEmpty() || type.length() > 10) type = "PI";
        return new Demographics.Identifier(authority, value, type);
    }

    private static String hdOf(Hl7Text m, String cx, int component) {
        List<String> sub = m.subcomponents(cx, component);
        String namespace = sub.isEmpty() ? "" : sub.get(0).strip();
        String universal = sub.size() > 1 ? sub.get(1).strip() : "";
        return !universal.isEmpty() ? universal : namespace;
    }

    /** An HD field (MSH-3, MSH-4): its namespace id, else its universal id. */
    private static String hd(Hl7Text m, String field) {
        String namespace = m.component(field, 1).strip();
        return !namespace.isEmpty() ? namespace : m.component(field, 2).strip();
    }

    private static String sex(String code, Hl7Location at) {
        return switch (code.strip().toUpperCase(Locale.ROOT)) {
            case "M", "MALE" -> "male";
            case "F", "FEMALE" -> "female";
            case "O", "A", "X", "OTHER" -> "other";
            case "U", "N", "UNKNOWN" -> "unknown";
            default -> throw new Hl7Problem(at, Hl7Problem.TABLE_VALUE_NOT_FOUND,
                    "Administrative sex " + code + " is not in HL7 table 0001 (F, M, O, U, A, N, X)");
        };
    }

    private static LocalDate date(String ts, Hl7Location at) {
        String digits = ts.strip();
        if (!DATE_START.matcher(digits).matches()) {
            throw new Hl7Problem(at, Hl7Problem.DATA_TYPE_ERROR, at + " must be a date (YYYYMMDD), not '" + clip(digits, 30) + "'");
        }
        try {
            return LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
                    Integer.parseInt(digits.substring(6, 8)));
        } catch (DateTimeException e) {
            throw new Hl7Problem(at, Hl7Problem.DATA_TYPE_ERROR, at + " is not a real date: '" + clip(digits, 30) + "'");
        }
    }

    /** A DTM (YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]); without an offset, in the hospital's time zone. */
    Instant instant(Hl7Text m, String ts, Hl7Location at) {
        String s = ts.strip();
        var matcher = TIMESTAMP
                .matcher(s);
        if (!matcher.matches()) {
            throw new Hl7Problem(at, Hl7Problem.DATA_TYPE_ERROR, at + " must be a date and time (YYYYMMDDHHMMSS[+ZZZZ]), not '"
                    + clip(s, 30) + "'");
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(matcher.group(1)), num(matcher.group(2), 1),
                    num(matcher.group(3), 1), num(matcher.group(4), 0), num(matcher.group(5), 0), num(matcher.group(6), 0));
            if (matcher.group(7) != null) {
                String frac = (matcher.group(7).substring(1) + "000").substring(0, 3);
                t = t.plusNanos(Integer.parseInt(frac) * 1_000_000L);
            }
            if (matcher.group(8) != null) {
                String z = matcher.group(8);
                return t.toInstant(ZoneOffset.ofHoursMinutes(Integer.parseInt(z.substring(0, 3)),
                        (z.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(z.substring(3))));
            }
            return t.atZone(zone).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw new Hl7Problem(at, Hl7Problem.DATA_TYPE_ERROR, at + " is not a real date and time: '" + clip(s, 30) + "'");
        }
    }

    private static int num(String s, int absent) {
        return s == null ? absent : Integer.parseInt(s);
    }

    private static String validSsn(String s) {
        if (s == null) return null;
        String d = s.strip();
        if (!SSN.matcher(d).matches()) return null;
        d = d.replace("-", "");
        if (d.startsWith("000") || d.startsWith("666") || d.startsWith("9") || d.substring(3, 5).equals("00")
                || d.substring(5).equals("0000")) {
            return null;
        }
        return d;
    }

    private static Hl7Location loc(Hl7Location pid, int field) {
        return new Hl7Location("PID", pid.occurrence(), field, 0, 0, 0);
    }

    private static String blank(String s) {
        if (s == null) return null;
        String v = s.strip();
        return v.isEmpty() || v.equals("\"\"") ? null : v;
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static boolean holds(List<Demographics.Identifier> ids, Demographics.Identifier id) {
        for (Demographics.Identifier x : ids) {
            if (x.system().equals(id.system()) && x.value().equals(id.value())) return true;
        }
        return false;
    }
}
