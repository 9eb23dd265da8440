package org.chartkeeper.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.record.ScanFile;
import org.chartkeeper.record.ScanService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo hospital's legal health record: documents for its encounters with realistic text (history and physicals,
 * progress notes, operative reports, discharge summaries, emergency records, verbal orders, outpatient notes), most
 * signed on time, some signed late, recent ones still unsigned, a few missing; residents' notes with and without the
 * attending's co-signature; and a scanned batch of outside records waiting for indexing. Deterministic for the seed,
 * from its own random stream so that the rest of the hospital stays as it was; written in batches.
 */
final class DemoRecord {

    /**
     * A clinical scenario: what the notes say, and whom it fits: ages at admission from minAge to maxAge, and one sex
     * or (null) either. Obstetric scenarios fit women of 15 to 49 only, pediatric ones children only, the rest adults
     * (the ages the scenario's story and plan make sense at), so that no chart's codes meet a sex or age edit.
     */
    record Dx(String name, String complaint, String story, String plan, String procedure, int minAge, int maxAge,
              String sex) {

        boolean fits(String patientSex, int age) {
            return age >= minAge && age <= maxAge && (sex == null || sex.equalsIgnoreCase(patientSex));
        }
    }

    static final Map<String, List<Dx>> DIAGNOSES = Map.of(
            "Internal Medicine", List.of(
                    new Dx("community-acquired pneumonia", "cough and fever", "three days of productive cough, fever to 38.9 C and pleuritic chest pain", "Ceftriaxone and azithromycin, incentive spirometry, repeat chest radiograph in six weeks.", null, 18, 124, null),
                    new Dx("cellulitis of the left lower leg", "red, painful left leg", "spreading erythema of the left shin for two days after a garden scrape", "IV cefazolin, elevation, mark borders; transition to oral cephalexin when improving.", null, 18, 124, null),
                    new Dx("acute kidney injury", "weakness and poor intake", "a week of vomiting with creatinine 2.8 from a baseline of 1.0", "IV fluids, hold lisinopril and metformin, renal ultrasound, daily BMP.", null, 18, 124, null)),
            "Cardiology", List.of(
                    new Dx("non-ST-elevation myocardial infarction", "chest pain", "substernal pressure radiating to the left arm with troponin rising to 2.4", "Aspirin, ticagrelor, heparin drip, high-intensity statin; cardiac catheterization in the morning.", "left heart catheterization with drug-eluting stent to the LAD", 35, 124, null),
                    new Dx("atrial fibrillation with rapid ventricular response", "palpitations", "palpitations and dyspnea since this morning, heart rate 148 irregular", "Diltiazem for rate control, apixaban (CHA2DS2-VASc 3), echocardiogram.", null, 40, 124, null),
                    new Dx("acute decompensated heart failure", "shortness of breath", "worsening orthopnea and 4 kg weight gain over two weeks", "IV furosemide, strict intake and output, daily weights, titrate GDMT.", null, 40, 124, null)),
            "General Surgery", List.of(
                    new Dx("acute appendicitis", "right lower quadrant pain", "periumbilical pain migrating to the right lower quadrant with anorexia; CT confirms appendicitis", "NPO, IV fluids and antibiotics; laparoscopic appendectomy today.", "laparoscopic appendectomy", 5, 124, null),
                    new Dx("symptomatic cholelithiasis", "right upper quadrant pain", "recurrent postprandial RUQ pain; ultrasound shows gallstones without cholecystitis", "Laparoscopic cholecystectomy.", "laparoscopic cholecystectomy", 18, 124, null),
                    new Dx("small bowel obstruction", "abdominal distension and vomiting", "obstipation and bilious emesis with prior laparotomy", "NG decompression, serial exams; operative exploration as it failed to resolve.", "exploratory laparotomy with lysis of adhesions", 18, 124, null)),
            "Orthopedics", List.of(
                    new Dx("right femoral neck fracture", "right hip pain after a fall", "mechanical fall at home, unable to bear weight, shortened and externally rotated right leg", "Surgical fixation within 24 hours, DVT prophylaxis, physical therapy.", "right hip hemiarthroplasty", 60, 124, null),
                    new Dx("left knee osteoarthritis", "chronic left knee pain", "years of progressive knee pain failing injections and therapy", "Elective total knee arthroplasty.", "left total knee arthroplasty", 45, 124, null)),
            "Obstetrics", List.of(
                    new Dx("term pregnancy in active labor", "contractions", "G2P1 at 39 weeks, one prior low transverse cesarean, with regular contractions and cervix 5 cm", "Fetal monitoring; repeat low transverse cesarean delivery.", "repeat low transverse cesarean delivery", 15, 49, "female"),
                    new Dx("preeclampsia without severe features", "elevated blood pressure", "blood pressure 152/98 at 37 weeks with proteinuria", "Induction of labor, magnesium if severe features develop.", null, 15, 49, "female")),
            "Pediatrics", List.of(
                    new Dx("bronchiolitis", "wheezing and poor feeding", "three days of rhinorrhea, cough and increased work of breathing", "Nasal suction, supplemental oxygen to keep saturation above 90 percent, feeding support.", null, 0, 1, null),
                    new Dx("dehydration due to viral gastroenteritis", "vomiting and diarrhea", "vomiting and watery diarrhea with decreased urine output", "Oral rehydration trial, IV fluids if it fails, ondansetron.", null, 0, 17, null)),
            "Oncology", List.of(
                    new Dx("neutropenic fever", "fever after chemotherapy", "fever to 38.6 C nine days after chemotherapy, ANC 300", "Cefepime within the hour, blood cultures, hold chemotherapy.", null, 18, 124, null),
                    new Dx("cancer-related pain", "uncontrolled pain", "escalating bone pain from metastatic lung cancer", "Scheduled long-acting opioid with breakthrough dosing, bowel regimen, radiation oncology consult.", null, 18, 124, null)),
            "Neurology", List.of(
                    new Dx("acute ischemic stroke", "right-sided weakness", "sudden right arm and face weakness with aphasia, last known well two hours before arrival", "Thrombolysis given, neuro checks, MRI, antiplatelet after 24 hours.", null, 30, 124, null),
                    new Dx("new-onset seizure", "seizure", "witnessed generalized tonic-clonic seizure lasting two minutes", "Levetiracetam, MRI brain, EEG, seizure precautions, no driving counselling.", null, 18, 124, null)),
            "Pulmonology", List.of(
                    new Dx("COPD exacerbation", "worsening shortness of breath", "increased dyspnea and purulent sputum over four days", "Nebulized bronchodilators, prednisone 40 mg, doxycycline, titrate oxygen to 88-92 percent.", null, 40, 124, null),
                    new Dx("acute pulmonary embolism", "pleuritic chest pain", "sudden pleuritic chest pain and tachycardia after a long flight; CT angiogram positive", "Anticoagulation with heparin then apixaban, echocardiogram for right heart strain.", null, 18, 124, null)),
            "Family Medicine", List.of(
                    new Dx("essential hypertension, follow-up", "blood pressure check", "home readings averaging 146/92 on amlodipine 5 mg", "Increase amlodipine to 10 mg, low-sodium diet, recheck in four weeks.", null, 18, 124, null),
                    new Dx("type 2 diabetes mellitus, follow-up", "diabetes follow-up", "A1c 8.1 percent on metformin", "Add empagliflozin, foot exam done, retinal exam referral, A1c in three months.", null, 18, 124, null)));

    /** The department's scenarios that fit the patient, in their listed order (none when the department has none). */
    static List<Dx> fitting(String department, String sex, int age) {
        return DIAGNOSES.getOrDefault(department, DIAGNOSES.get("Internal Medicine")).stream()
                .filter(d -> d.fits(sex, age)).toList();
    }

    /**
     * The scenario for a draw among the department's scenarios: the one drawn when it fits the patient, else the
     * same draw among those that fit, so that one random number chooses as before and the stream stays as it was.
     */
    static Dx scenario(String department, int draw, String sex, int age) {
        List<Dx> all = DIAGNOSES.getOrDefault(department, DIAGNOSES.get("Internal Medicine"));
        Dx drawn = all.get(draw);
        if (drawn.fits(sex, age)) return drawn;
        List<Dx> fit = fitting(department, sex, age);
        if (fit.isEmpty()) {
            throw new IllegalStateException("no " + department + " scenario fits a " + age + "-year-old " + sex);
        }
        return fit.get(draw % fit.size());
    }

    /** Age in whole years at admission, as the coding edits count it. */
    static int ageAt(LocalDate birth, Instant admit) {
        return Math.max(0, java.time.Period.between(birth, LocalDate.ofInstant(admit, ZoneOffset.UTC)).getYears());
    }

    /** A child's past history draws from these instead: adult chronic conditions become none. */
    private static final java.util.Set<String> CHILD_HISTORY = java.util.Set.of("asthma", "no significant past history");

    private static final String[] HISTORY = {"hypertension", "type 2 diabetes", "hyperlipidemia", "asthma", "hypothyroidism",
            "no significant past history", "GERD", "chronic kidney disease stage 3", "osteoarthritis"};
    private static final String[] ALLERGIES = {"no known drug allergies", "no known drug allergies", "penicillin (rash)",
            "sulfa (hives)", "codeine (nausea)"};

    private final JdbcTemplate jdbc;
    private final Random random;
    private final Instant now;
    private final long seed;
    private final Map<Long, Dx> scenarios = new HashMap<>();

    DemoRecord(JdbcTemplate jdbc, long seed, Instant now) {
        this.jdbc = jdbc;
        this.seed = seed;
        this.random = new Random(seed ^ 0x2ec0d5L);
        this.now = now;
    }

    private record Enc(long id, long patientId, String kind, Instant admit, Instant discharge, long attending,
                       String department, String sex, LocalDate birth) {}

    private record Doc(long patientId, long encounterId, String type, String title, Long author, Instant serviceAt,
                       String status, Instant signedAt, Long signedBy, boolean cosignRequired, Instant cosignedAt,
                       Long cosignedBy, Long cosigner, String source, String body) {}

    /** Writes the documents; returns how many. */
    int create() {
        Map<Long, Long> userOfProvider = new HashMap<>();
        jdbc.query("select id, user_id from provider where user_id is not null",
                rs -> { userOfProvider.put(rs.getLong(1), rs.getLong(2)); });
        // four providers without accounts are residents: their notes need a co-signature
        List<Long> residents = jdbc.queryForList("select id from provider where user_id is null order by id", Long.class)
                .stream().limit(4).toList();
        for (long r : residents) jdbc.update("update provider set resident = true where id = ?", r);

        List<Enc> encounters = jdbc.query("select e.id, e.patient_id, e.encounter_class, e.admit_at, e.discharge_at,"
                        + " e.attending_provider_id, e.department, p.sex, p.birth_date from encounter e"
                        + " join patient p on p.id = e.patient_id order by e.id",
                (rs, n) -> {
                    OffsetDateTime d = rs.getObject(5, OffsetDateTime.class);
                    return new Enc(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), d == null ? null : d.toInstant(),
                            rs.getLong(6), rs.getString(7), rs.getString(8), rs.getObject(9, LocalDate.class));
                });
        List<Doc> docs = new ArrayList<>(encounters.size() * 2);
        for (Enc e : encounters) {
            int age = ageAt(e.birth(), e.admit());
            int draw = random.nextInt(DIAGNOSES.getOrDefault(e.department(), DIAGNOSES.get("Internal Medicine")).size());
            Dx dx = scenario(e.department(), draw, e.sex(), age);
            scenarios.put(e.id(), dx);
            String person = age + "-year-old " + e.sex();
            switch (e.kind()) {
                case "INPATIENT" -> inpatient(e, dx, person, age, userOfProvider, residents, docs);
                case "EMERGENCY" -> add(docs, e, "emergency-record", "Emergency department record", e.attending(),
                        e.admit().plus(Duration.ofMinutes(30 + random.nextInt(150))), userOfProvider,
                        emergency(dx, person));
                default -> {
                    if (random.nextInt(10) < 5) {
                        add(docs, e, "progress-note", "Office visit note", e.attending(),
                                e.admit().plus(Duration.ofMinutes(25)), userOfProvider, office(dx, person));
                    }
                }
            }
        }
        write(docs);
        return docs.size();
    }

    /** Each encounter's scenario, which its notes describe and DemoCoding codes (also those without a note). */
    Map<Long, Dx> scenarios() {
        return Map.copyOf(scenarios);
    }

    private void inpatient(Enc e, Dx dx, String person, int age, Map<Long, Long> users, List<Long> residents,
                           List<Doc> docs) {
        boolean discharged = e.discharge() != null;
        // a few history and physicals were never written, a few came in after the 24-hour window
        if (random.nextInt(25) != 0) {
            long hours = random.nextInt(20) == 0 ? 26 + random.nextInt(30) : 1 + random.nextInt(18);
            add(docs, e, "history-physical", "History and physical", e.attending(), e.admit().plus(Duration.ofHours(hours)),
                    users, historyAndPhysical(dx, person, age));
        }
        Instant end = discharged ? e.discharge() : now;
        long days = Math.min(2, Duration.between(e.admit(), end).toDays());
        for (int d = 1; d <= days; d++) {
            boolean byResident = random.nextInt(4) == 0;
            Long author = byResident ? residents.get(random.nextInt(residents.size())) : e.attending();
            Instant at = e.admit().plus(Duration.ofDays(d)).plus(Duration.ofHours(random.nextInt(4)));
            Doc note = note(e, "progress-note", "Progress note, hospital day " + (d + 1), author, at, users,
                    progress(dx, d + 1));
            if (byResident && note.signedAt() != null) {
                boolean cosigned = random.nextInt(5) != 0 || note.signedAt().isBefore(now.minus(Duration.ofDays(30)));
                Instant cosignAt = note.signedAt().plus(Duration.ofHours(2 + random.nextInt(30)));
                if (cosignAt.isAfter(now)) cosigned = false;
                note = new Doc(note.patientId(), note.encounterId(), note.type(), note.title(), note.author(), note.serviceAt(),
                        note.status(), note.signedAt(), null, true, cosigned ? cosignAt : null,
                        cosigned ? users.get(e.attending()) : null, cosigned ? e.attending() : null, note.source(), note.body());
            }
            docs.add(note);
        }
        if (random.nextInt(6) == 0) {
            add(docs, e, "verbal-order", "Verbal order", e.attending(), e.admit().plus(Duration.ofHours(3 + random.nextInt(20))),
                    users, "VERBAL ORDER (read back and verified by RN)\n\n" + verbalOrder() + "\n\nOrdering physician to authenticate.");
        }
        if (dx.procedure() != null && random.nextInt(10) < 8) {
            add(docs, e, "operative-report", "Operative report: " + dx.procedure(), e.attending(),
                    e.admit().plus(Duration.ofHours(4 + random.nextInt(20))), users, operative(dx));
        }
        if (discharged && random.nextInt(16) != 0) {
            add(docs, e, "discharge-summary", "Discharge summary", e.attending(),
                    e.discharge().plus(Duration.ofHours(random.nextInt(30))), users, discharge(dx, person, e));
        }
    }

    private void add(List<Doc> docs, Enc e, String type, String title, long author, Instant at, Map<Long, Long> users,
                     String body) {
        docs.add(note(e, type, title, author, at, users, body));
    }

    /**
     * One document with its signature: older ones signed within hours (one in ten days or weeks late), the last
     * month's often still unsigned. Dictated or typed.
     */
    private Doc note(Enc e, String type, String title, Long author, Instant at, Map<Long, Long> users, String body) {
        Instant serviceAt = at.isAfter(now) ? now.minus(Duration.ofMinutes(5)) : at;
        boolean recent = serviceAt.isAfter(now.minus(Duration.ofDays(30)));
        Instant signedAt = null;
        if (!(recent && random.nextInt(3) == 0)) {
            signedAt = random.nextInt(10) == 0
                    ? serviceAt.plus(Duration.ofDays(8 + random.nextInt(35)))
                    : serviceAt.plus(Duration.ofMinutes(20 + random.nextInt(60 * 20)));
            if (signedAt.isAfter(now)) signedAt = null;
        }
        String source = random.nextInt(3) == 0 ? "dictated" : "typed";
        return new Doc(e.patientId(), e.id(), type, title, author, serviceAt, signedAt == null ? "draft" : "signed", signedAt,
                signedAt == null ? null : users.get(author), false, null, null, null, source, body);
    }

    private void write(List<Doc> docs) {
        List<Object[]> rows = new ArrayList<>(docs.size());
        for (Doc d : docs) {
            OffsetDateTime created = utc(d.serviceAt());
            OffsetDateTime updated = utc(d.cosignedAt() != null ? d.cosignedAt() : d.signedAt() != null ? d.signedAt() : d.serviceAt());
            rows.add(new Object[] {d.patientId(), d.encounterId(), d.type(), "text", d.source(), d.title(), d.author(),
                    utc(d.serviceAt()), d.status(), utc(d.signedAt()), d.signedBy(), d.cosignRequired(), utc(d.cosignedAt()),
                    d.cosignedBy(), d.cosigner(), created, updated, d.signedAt() == null ? 0 : 1});
        }
        jdbc.batchUpdate("insert into document (patient_id, encounter_id, type_code, kind, source, title, author_provider_id,"
                + " service_at, status, current_version, signed_at, signed_by, cosign_required, cosigned_at, cosigned_by,"
                + " cosigner_provider_id, created_at, updated_at, version) values (?,?,?,?,?,?,?,?,?,1,?,?,?,?,?,?,?,?,?)", rows);
        // a fresh record: the identities were given in insertion order
        List<Long> ids = jdbc.queryForList("select id from document order by id", Long.class);
        List<Object[]> versions = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            Doc d = docs.get(i);
            byte[] bytes = d.body().getBytes(StandardCharsets.UTF_8);
            versions.add(new Object[] {ids.get(i), d.body(), "text/plain", (long) bytes.length, sha256(bytes),
                    utc(d.serviceAt())});
        }
        jdbc.batchUpdate("insert into document_version (document_id, version_no, body, media_type, size_bytes,"
                + " content_sha256, created_at) values (?,1,?,?,?,?,?)", versions);
    }

    /**
     * Records from before the current encounters, some now past their type's retention period: letters and outside
     * results of 2008 to 2016, filed final without an encounter; two are on legal hold (litigation), so the
     * destruction list has something to show and something it must keep. Returns how many were filed.
     */
    int oldRecords() {
        Random old = new Random(seed ^ 0x01d5eedL);
        List<Long> patients = jdbc.queryForList("select id from patient where not restricted order by id limit 12 offset 100",
                Long.class);
        String[][] kinds = {
                {"correspondence", "Letter to the patient", "Letter to the patient about the results of the visit and the follow-up plan."},
                {"correspondence", "Appointment reminder", "Reminder of the annual follow-up appointment with primary care."},
                {"lab-report", "Outside laboratory report", "Lipid panel: total cholesterol 212 mg/dL, LDL 131 mg/dL, HDL 48 mg/dL."},
                {"outside-record", "Outside clinic note", "Office visit for seasonal allergies; loratadine recommended."}};
        List<Object[]> rows = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            String[] k = kinds[i % kinds.length];
            Instant at = LocalDate.of(2008 + old.nextInt(9), 1 + old.nextInt(12), 1 + old.nextInt(28))
                    .atTime(9 + old.nextInt(8), 0).toInstant(ZoneOffset.UTC);
            rows.add(new Object[] {patients.get(i), k[0], k[1], utc(at), i < 2, utc(at), utc(at)});
            bodies.add(k[2]);
            times.add(at);
        }
        long before = jdbc.queryForObject("select coalesce(max(id), 0) from document", Long.class);
        jdbc.batchUpdate("insert into document (patient_id, encounter_id, type_code, kind, source, title, author_provider_id,"
                + " service_at, status, current_version, cosign_required, legal_hold, created_at, updated_at, version)"
                + " values (?, null, ?, 'text', 'typed', ?, null, ?, 'final', 1, false, ?, ?, ?, 0)", rows);
        List<Long> ids = jdbc.queryForList("select id from document where id > ? order by id", Long.class, before);
        List<Object[]> versions = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            byte[] bytes = bodies.get(i).getBytes(StandardCharsets.UTF_8);
            versions.add(new Object[] {ids.get(i), bodies.get(i), "text/plain", (long) bytes.length, sha256(bytes),
                    utc(times.get(i))});
        }
        jdbc.batchUpdate("insert into document_version (document_id, version_no, body, media_type, size_bytes,"
                + " content_sha256, created_at) values (?,1,?,?,?,?,?)", versions);
        return ids.size();
    }

    // ------------------------------------------------------------------ the texts

    private String vitals() {
        return "T " + (36 + random.nextInt(30) / 10.0) + " C, HR " + (62 + random.nextInt(50)) + ", BP "
                + (104 + random.nextInt(60)) + "/" + (60 + random.nextInt(35)) + ", RR " + (14 + random.nextInt(10))
                + ", SpO2 " + (90 + random.nextInt(10)) + "% on room air";
    }

    private String historyAndPhysical(Dx dx, String person, int age) {
        boolean child = age < 18;
        return "HISTORY AND PHYSICAL\n\nChief complaint: " + dx.complaint() + ".\n\nHistory of present illness: " + person
                + " with " + dx.story() + ".\n\nPast medical history: " + history(child) + ", " + history(child)
                + ".\nAllergies: " + pick(ALLERGIES) + ".\nSocial history: " + (random.nextBoolean()
                ? child ? "lives with parents, no smokers at home." : "never smoker, occasional alcohol."
                : child ? "lives with parents, attends school or day care." : "former smoker, 20 pack-years.")
                + "\n\nPhysical examination: " + vitals() + ". Alert and oriented. Heart regular. Lungs "
                + (random.nextBoolean() ? "clear" : "with scattered crackles") + ". Abdomen soft.\n\nAssessment: "
                + dx.name() + ".\nPlan: " + dx.plan() + "\nCode status: full code.";
    }

    /** One past-history item (the same draw for a child, whose adult chronic conditions read as none). */
    private String history(boolean child) {
        String h = pick(HISTORY);
        return child && !CHILD_HISTORY.contains(h) ? "no significant past history" : h;
    }

    private String progress(Dx dx, int day) {
        return "PROGRESS NOTE, hospital day " + day + "\n\nS: " + (random.nextBoolean() ? "Feels better, slept well."
                : "Still tired, pain controlled.") + "\nO: " + vitals() + ". Exam unchanged.\nA: " + dx.name() + ", "
                + (random.nextInt(3) == 0 ? "slow to improve" : "improving") + ".\nP: " + dx.plan();
    }

    private String operative(Dx dx) {
        return "OPERATIVE REPORT\n\nPreoperative diagnosis: " + dx.name() + ".\nPostoperative diagnosis: same.\nProcedure: "
                + dx.procedure() + ".\nAnesthesia: " + (random.nextBoolean() ? "general endotracheal" : "spinal")
                + ".\nEstimated blood loss: " + (10 + random.nextInt(300)) + " mL.\nSpecimens: "
                + (random.nextBoolean() ? "sent to pathology" : "none") + ".\nComplications: none.\n\nFindings and technique:"
                + " the patient was positioned and prepped in the usual sterile fashion; time-out performed. The procedure"
                + " proceeded without difficulty. Counts correct. The patient went to recovery in stable condition.";
    }

    private String discharge(Dx dx, String person, Enc e) {
        long days = Math.max(1, Duration.between(e.admit(), e.discharge()).toDays());
        return "DISCHARGE SUMMARY\n\nAdmitted for " + dx.name() + ". Length of stay " + days + " day(s).\n\nHospital course: "
                + person + " admitted with " + dx.story() + ". Treated: " + dx.plan()
                + (dx.procedure() != null ? " Underwent " + dx.procedure() + "." : "")
                + "\n\nCondition at discharge: stable.\nFollow-up: primary care in one week.\nDischarge medications reconciled.";
    }

    private String emergency(Dx dx, String person) {
        return "EMERGENCY DEPARTMENT RECORD\n\nChief complaint: " + dx.complaint() + ".\nHPI: " + person + " with "
                + dx.story() + ".\nTriage vitals: " + vitals() + ".\nED course: evaluated, labs and imaging reviewed.\n"
                + "Impression: " + dx.name() + ".\nDisposition: " + (random.nextInt(3) == 0 ? "admitted" : "discharged home"
                + " with return precautions") + ".";
    }

    private String office(Dx dx, String person) {
        return "OFFICE VISIT\n\nReason for visit: " + dx.complaint() + ".\n" + person + ", " + dx.story() + ".\nVitals: "
                + vitals() + ".\nAssessment: " + dx.name() + ".\nPlan: " + dx.plan();
    }

    private String verbalOrder() {
        String[] orders = {"Morphine 2 mg IV every 4 hours as needed for severe pain.", "Potassium chloride 20 mEq by mouth once.",
                "Increase oxygen to keep saturation above 92 percent.", "Ondansetron 4 mg IV every 6 hours as needed for nausea.",
                "Hold the evening dose of metoprolol for heart rate below 55."};
        return pick(orders);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    // ------------------------------------------------------------------ the scanned batch

    /** Outside records received by mail for three demo patients, in one PDF (to be split) and a faxed PNG page. */
    void scannedBatch(ScanService scans) {
        List<Map<String, Object>> people = jdbc.queryForList("select given_name, family_name, birth_date from patient"
                + " where not restricted order by id limit 3 offset 40");
        List<String> pages = new ArrayList<>();
        Map<String, Object> a = people.get(0);
        Map<String, Object> b = people.get(1);
        Map<String, Object> c = people.get(2);
        pages.add("Riverside Community Hospital - DISCHARGE SUMMARY|Patient: " + name(a) + "   DOB: " + a.get("birth_date")
                + "|Admitted with pneumonia, treated with ceftriaxone and azithromycin.|Page 1 of 2");
        pages.add("Riverside Community Hospital - DISCHARGE SUMMARY (continued)|Patient: " + name(a)
                + "|Discharged home in stable condition. Follow up with primary care.|Page 2 of 2");
        pages.add("Valley Reference Laboratory - LAB REPORT|Patient: " + name(b) + "   DOB: " + b.get("birth_date")
                + "|Hemoglobin A1c 7.4 % (high)|LDL cholesterol 128 mg/dL (high)");
        pages.add("Heart Associates - CARDIOLOGY CONSULTATION|Patient: " + name(c) + "   DOB: " + c.get("birth_date")
                + "|Reason: palpitations. ECG: sinus rhythm with PACs.|Page 1 of 2");
        pages.add("Heart Associates - CARDIOLOGY CONSULTATION (continued)|Patient: " + name(c)
                + "|Echocardiogram: ejection fraction 60 percent. Holter monitor ordered.|Page 2 of 2");
        scans.receive("Mail room: outside records", List.of(new ScanFile("outside-records.pdf", pdf(pages))),
                Actor.system("demo-setup"), null);
        // a fax as the fax server files it: page images without a text layer (a PNG and a TIFF)
        List<Map<String, Object>> faxed = jdbc.queryForList("select given_name, family_name, birth_date from patient"
                + " where not restricted order by id limit 2 offset 60");
        Map<String, Object> d = faxed.get(0);
        Map<String, Object> e = faxed.get(1);
        byte[] referral = image(pdf(List.of("FAX  Lakeside Family Medicine  to  Health Information Management|"
                + "REFERRAL AND OFFICE NOTE|Patient: " + name(d) + "   DOB: " + d.get("birth_date")
                + "|Type 2 diabetes, A1c 8.1 %. Metformin 1000 mg twice daily.|Referred for endocrinology consultation.")),
                "png");
        byte[] imaging = image(pdf(List.of("FAX  Northgate Imaging Center|RADIOLOGY REPORT: CHEST X-RAY, 2 VIEWS|Patient: "
                + name(e) + "   DOB: " + e.get("birth_date") + "|Impression: no acute cardiopulmonary process.")), "tiff");
        scans.receive("Fax server: incoming", List.of(new ScanFile("fax-referral.png", referral),
                new ScanFile("fax-imaging.tif", imaging)), Actor.system("demo-setup"), null);
    }

    /** The first page of {@code pdf} as a grey 150 dpi image (as a fax server or scanner files it), PNG or TIFF. */
    private static byte[] image(byte[] pdf, String format) {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            java.awt.image.BufferedImage page = new org.apache.pdfbox.rendering.PDFRenderer(doc)
                    .renderImageWithDPI(0, 150, org.apache.pdfbox.rendering.ImageType.GRAY);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!javax.imageio.ImageIO.write(page, format, out)) throw new IllegalStateException("no " + format + " writer");
            return out.toByteArray();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static String name(Map<String, Object> p) {
        return p.get("given_name") + " " + p.get("family_name");
    }

    private static byte[] pdf(List<String> pages) {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 13);
                    cs.setLeading(20);
                    cs.newLineAtOffset(60, 720);
                    for (String line : text.split("\\|")) {
                        cs.showText(line);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
