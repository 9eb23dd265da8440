package org.chartkeeper.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.coding.CodeSetService;
import org.chartkeeper.record.ScanService;
import org.chartkeeper.security.ApiTokenService;
import org.chartkeeper.security.UserAccount;
import org.chartkeeper.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The synthetic hospital that demo mode starts with: demo accounts (one per role, password {@code chartkeeper-demo},
 * token {@code demo-<username>}), physicians, patients with realistic demographics, two years of encounters, and a
 * few planted duplicate patients. Deterministic for a seed: the same people and visits each time, dated back from the
 * day of first start. Runs before the server opens its port, so the server is ready only once the hospital is.
 */
@Component
class DemoHospital implements SmartInitializingSingleton {

    static final String DEMO_PASSWORD = "chartkeeper-demo";
    static final String FACILITY = "CKGH";
    private static final Logger log = LoggerFactory.getLogger(DemoHospital.class);

    /** username, display name, role. */
    static final List<String[]> ACCOUNTS = List.of(
            new String[] {"admin", "Alex Admin", "admin"},
            new String[] {"him", "Hannah Ibarra (HIM)", "him"},
            new String[] {"coder", "Carlos Ortega (Coding)", "coder"},
            new String[] {"coder2", "Kim Tanaka (Coding)", "coder"},
            new String[] {"roi", "Rita Oyelaran (ROI)", "roi"},
            new String[] {"privacy", "Priya Vance (Privacy)", "privacy"},
            new String[] {"director", "Dana Reyes (HIM Director)", "director"},
            new String[] {"auditor", "Arthur Dunn (Audit)", "auditor"},
            new String[] {"drsmith", "Dr. Sarah Smith", "physician"},
            new String[] {"drjones", "Dr. Michael Jones", "physician"},
            new String[] {"drokafor", "Dr. Ngozi Okafor (Physician advisor)", "physician-advisor"});

    private static final String[] DEPARTMENTS = {"Internal Medicine", "Cardiology", "General Surgery", "Orthopedics",
            "Obstetrics", "Pediatrics", "Oncology", "Neurology", "Pulmonology", "Family Medicine"};
    private static final String[] SPECIALTIES = DEPARTMENTS;
    private static final String[] DISPOSITIONS = {"Home", "Home", "Home", "Home with home health", "Skilled nursing facility",
            "Transferred to another hospital", "Left against medical advice", "Expired"};

    private final ChartkeeperProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final UserService users;
    private final ApiTokenService tokens;
    private final AuditService audit;
    private final Clock clock;
    private final CodeSetService codeSets;
    private final ScanService scans;
    private final org.chartkeeper.completion.DeficiencyService deficiencies;
    private final org.chartkeeper.completion.NoticeService notices;

    DemoHospital(ChartkeeperProperties properties, JdbcTemplate jdbc, TransactionTemplate tx, UserService users,
                 ApiTokenService tokens, AuditService audit, Clock clock, CodeSetService codeSets, ScanService scans,
                 org.chartkeeper.completion.DeficiencyService deficiencies, org.chartkeeper.completion.NoticeService notices) {
        this.scans = scans;
        this.deficiencies = deficiencies;
        this.notices = notices;
        this.properties = properties;
        this.jdbc = jdbc;
        this.tx = tx;
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.codeSets = codeSets;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.demo()) return;
        // the demo's code sets, also for a demo database made before coding existed; the full CMS files: codes import
        codeSets.loadDemoCodes(Actor.system("demo-setup"));
        Integer existing = jdbc.queryForObject("select count(*) from app_user where username = 'admin' and demo", Integer.class);
        if (existing != null && existing > 0) return;
        long started = System.nanoTime();
        tx.executeWithoutResult(s -> create());
        log.info("Demo hospital created in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void create() {
        Actor system = Actor.system("demo-setup");
        Map<String, Long> userIds = new HashMap<>();
        for (String[] a : ACCOUNTS) {
            UserAccount u = users.create(a[0], a[1], DEMO_PASSWORD, Set.of(a[2]), true, system);
            userIds.put(a[0], u.id());
            tokens.issueWithSecret(u.id(), "demo token", "demo-" + a[0], null, system);
        }
        var size = properties.demoHospital();
        Faker faker = new Faker(Locale.US, new Random(size.seed()));
        Random random = new Random(size.seed() * 31 + 7);
        jdbc.update("insert into facility (code, name, assigning_authority) values (?, ?, ?)",
                FACILITY, "Chartkeeper General Hospital", "2.16.840.1.113883.3.9999.1");

        List<Long> providers = createProviders(faker, random, userIds);
        List<Long> patients = createPatients(faker, random, size.patients());
        createEncounters(random, patients, providers, size.encounters());
        long recordStarted = System.nanoTime();
        DemoRecord record = new DemoRecord(jdbc, size.seed(), clock.instant());
        int documents = record.create();
        record.scannedBatch(scans);
        record.oldRecords();
        int queries = new DemoQueries(jdbc, clock.instant()).create();
        long codingStarted = System.nanoTime();
        int coded = new DemoCoding(jdbc, size.seed(), clock.instant(), record.scenarios()).create();
        log.info("Demo coding: {} encounters final coded, the rest in the coding queue, in {} ms", coded,
                Duration.ofNanos(System.nanoTime() - codingStarted).toMillis());
        log.info("Demo record: {} documents, a scanned batch and {} physician queries in {} ms", documents, queries,
                Duration.ofNanos(System.nanoTime() - recordStarted).toMillis());
        long completionStarted = System.nanoTime();
        var completion = new DemoCompletion(jdbc, clock.instant()).create(deficiencies, notices, system);
        log.info("Demo chart completion: {} surgical cases, {} deficiencies found, {} waived as predating tracking,"
                + " {} notices in {} ms", completion.cases(), completion.pass().opened(), completion.waived(),
                completion.notices(), Duration.ofNanos(System.nanoTime() - completionStarted).toMillis());
        audit.record(AuditEntry.of(AuditAction.CREATE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withDetail("demo hospital created: " + patients.size() + " patients, " + size.encounters() + " encounters, "
                        + documents + " documents"), system);
    }

    private List<Long> createProviders(Faker faker, Random random, Map<String, Long> userIds) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {npi(random), "Sarah Smith, MD", "Internal Medicine", userIds.get("drsmith")});
        rows.add(new Object[] {npi(random), "Michael Jones, MD", "General Surgery", userIds.get("drjones")});
        for (int i = 0; i < 38; i++) {
            rows.add(new Object[] {npi(random), faker.name().firstName() + " " + faker.name().lastName() + ", "
                    + (random.nextInt(6) == 0 ? "DO" : "MD"), SPECIALTIES[random.nextInt(SPECIALTIES.length)], null});
        }
        jdbc.batchUpdate("insert into provider (npi, name, specialty, user_id) values (?, ?, ?, ?)", rows);
        return jdbc.queryForList("select id from provider order by id", Long.class);
    }

    private List<Long> createPatients(Faker faker, Random random, int count) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime created = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>(count + 20);
        for (int i = 0; i < count; i++) {
            boolean female = random.nextBoolean();
            String given = female ? faker.name().femaleFirstName() : faker.name().maleFirstName();
            String middle = random.nextInt(3) == 0 ? null : (random.nextBoolean() ? faker.name().firstName() : faker.name().firstName().substring(0, 1));
            int age = ageFor(random);
            LocalDate birth = today.minusYears(age).minusDays(random.nextInt(365));
            rows.add(new Object[] {FACILITY, mrn(i + 1), faker.name().lastName(), given, middle, birth,
                    female ? "female" : "male", faker.address().streetAddress(), faker.address().city(),
                    faker.address().stateAbbr(), faker.address().zipCode().substring(0, 5), phone(random),
                    random.nextInt(3) == 0 ? null : given.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + "."
                            + random.nextInt(1000) + "@example.com",
                    String.format("%04d", 1 + random.nextInt(9998)), random.nextInt(100) == 0, created, created});
        }
        plantDuplicates(rows, random, count);
        // USCDI language, race and ethnicity from their own random stream, so the rest of the hospital stays as it was
        Random uscdi = new Random(properties.demoHospital().seed() ^ 0x5eedL);
        List<Object[]> full = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Object[] row = java.util.Arrays.copyOf(r, r.length + 4);
            row[r.length] = ((String) r[11]).replaceAll("\\D", "");
            row[r.length + 1] = pick(uscdi, LANGUAGES);
            row[r.length + 2] = pick(uscdi, RACES);
            row[r.length + 3] = pick(uscdi, ETHNICITIES);
            full.add(row);
        }
        jdbc.batchUpdate("insert into patient (facility_code, mrn, family_name, given_name, middle_name, birth_date, sex,"
                + " address_line, city, state, postal_code, phone, email, ssn_last4, restricted, created_at, updated_at,"
                + " phone_digits, language, race, ethnicity) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", full);
        // every MRN is also an identifier, with the facility's assigning authority, so lookups use one table
        jdbc.update("insert into patient_identifier (patient_id, system_uri, id_value, type_code, status, created_at)"
                + " select p.id, f.assigning_authority, p.mrn, 'MR', 'active', p.created_at from patient p"
                + " join facility f on f.code = p.facility_code where not exists (select 1 from patient_identifier i"
                + " where i.patient_id = p.id and i.type_code = 'MR')");
        return jdbc.queryForList("select id from patient order by id", Long.class);
    }

    /** Weighted choices: each value repeated by its share (roughly US registration mixes). */
    private static final String[] LANGUAGES = weighted("en", 78, "es", 13, "zh", 2, "vi", 2, "ar", 1, "fr", 1, "ko", 1,
            "ru", 1, "tl", 1);
    private static final String[] RACES = weighted("2106-3", 60, "2054-5", 13, "2028-9", 6, "1002-5", 1, "2076-8", 1,
            "2131-1", 8, "2106-3,2054-5", 3, "ASKU", 5, "UNK", 3);
    private static final String[] ETHNICITIES = weighted("2186-5", 76, "2135-2", 18, "ASKU", 4, "UNK", 2);

    private static String[] weighted(Object... valueAndWeight) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < valueAndWeight.length; i += 2) {
            for (int w = 0; w < (Integer) valueAndWeight[i + 1]; w++) out.add((String) valueAndWeight[i]);
        }
        return out.toArray(String[]::new);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Re-registrations of existing people with the mistakes registration desks make: typos, nicknames, swapped dates. */
    private void plantDuplicates(List<Object[]> rows, Random random, int count) {
        String[][] nicknames = {{"William", "Bill"}, {"Robert", "Bob"}, {"Elizabeth", "Liz"}, {"Margaret", "Peggy"},
                {"James", "Jim"}, {"Katherine", "Kate"}, {"Richard", "Rick"}, {"Jennifer", "Jen"}};
        int planted = Math.min(12, Math.max(1, count / 400));
        for (int d = 0; d < planted; d++) {
            Object[] original = rows.get(random.nextInt(count));
            Object[] copy = original.clone();
            copy[1] = mrn(count + d + 1);
            switch (d % 4) {
                case 0 -> copy[2] = typo((String) original[2], random);
                case 1 -> {
                    String given = (String) original[3];
                    copy[3] = given;
                    for (String[] n : nicknames) if (n[0].equals(given)) copy[3] = n[1];
                    if (copy[3].equals(given)) copy[3] = given.substring(0, Math.min(3, given.length()));
                    copy[4] = null;
                }
                case 2 -> {
                    LocalDate b = (LocalDate) original[5];
                    copy[5] = b.getDayOfMonth() <= 12 ? LocalDate.of(b.getYear(), b.getDayOfMonth(), b.getMonthValue()) : b.plusYears(1);
                }
                default -> {
                    copy[2] = ((String) original[2]).toUpperCase(Locale.ROOT);
                    copy[11] = phone(random);
                    copy[7] = ((String) original[7]).replace("Street", "St").replace("Avenue", "Ave");
                }
            }
            rows.add(copy);
        }
    }

    /**
     * Two years of encounters, each in a department with a clinical scenario that fits its patient (DemoRecord.Dx):
     * obstetrics for women of 15 to 49, pediatrics for children, the adult departments for adults. The department is
     * drawn as always; one that has nothing for the patient gives way to the same draw among those that do, so the
     * random stream and the encounters' count, patients and times stay as they were. A visit drawn before its
     * patient's birth moves after it.
     */
    private void createEncounters(Random random, List<Long> patients, List<Long> providers, int count) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        long twoYears = Duration.ofDays(730).toMinutes();
        Map<Long, String> sexes = new HashMap<>();
        Map<Long, LocalDate> births = new HashMap<>();
        jdbc.query("select id, sex, birth_date from patient", rs -> {
            sexes.put(rs.getLong(1), rs.getString(2));
            births.put(rs.getLong(1), rs.getObject(3, LocalDate.class));
        });
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long patient = patients.get(random.nextInt(patients.size()));
            int kind = random.nextInt(10);
            String type = kind < 2 ? "INPATIENT" : kind < 8 ? "OUTPATIENT" : "EMERGENCY";
            Instant admit = end.minus(Duration.ofMinutes((long) (random.nextDouble() * twoYears)));
            Instant born = births.get(patient).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (admit.isBefore(born)) {
                long alive = Math.max(1, Duration.between(born, end).toMinutes());
                admit = born.plus(Duration.ofMinutes(Duration.between(admit, born).toMinutes() % alive));
            }
            Duration length = switch (type) {
                case "INPATIENT" -> Duration.ofHours(24L + random.nextInt(24 * 9));
                case "EMERGENCY" -> Duration.ofMinutes(90 + random.nextInt(600));
                default -> Duration.ofMinutes(20 + random.nextInt(60));
            };
            Instant discharge = admit.plus(length);
            boolean current = discharge.isAfter(end);
            int p = random.nextInt(100);
            long provider = p < 6 ? providers.get(0) : p < 11 ? providers.get(1) : providers.get(2 + random.nextInt(providers.size() - 2));
            rows.add(new Object[] {patient, String.format("A%08d", i + 1), type, current ? "in-progress" : "finished",
                    OffsetDateTime.ofInstant(admit, ZoneOffset.UTC),
                    current ? null : OffsetDateTime.ofInstant(discharge, ZoneOffset.UTC), provider,
                    department(random.nextInt(DEPARTMENTS.length), sexes.get(patient),
                            DemoRecord.ageAt(births.get(patient), admit)),
                    current ? null : "INPATIENT".equals(type) ? DISPOSITIONS[random.nextInt(DISPOSITIONS.length)] : "Home",
                    // last changed at its discharge (or admission, while in house): FHIR meta.lastUpdated
                    OffsetDateTime.ofInstant(current ? admit : discharge, ZoneOffset.UTC)});
        }
        jdbc.batchUpdate("insert into encounter (patient_id, account_number, encounter_class, status, admit_at, discharge_at,"
                + " attending_provider_id, department, discharge_disposition, updated_at) values (?,?,?,?,?,?,?,?,?,?)", rows);
    }

    /** The department drawn when it has a scenario for the patient, else the same draw among those that have. */
    static String department(int draw, String sex, int age) {
        String drawn = DEPARTMENTS[draw];
        if (!DemoRecord.fitting(drawn, sex, age).isEmpty()) return drawn;
        List<String> fit = java.util.Arrays.stream(DEPARTMENTS)
                .filter(d -> !DemoRecord.fitting(d, sex, age).isEmpty()).toList();
        if (fit.isEmpty()) throw new IllegalStateException("no demo department fits a " + age + "-year-old " + sex);
        return fit.get(draw % fit.size());
    }

    private static int ageFor(Random random) {
        int bucket = random.nextInt(100);
        if (bucket < 6) return random.nextInt(2);
        if (bucket < 20) return 2 + random.nextInt(16);
        if (bucket < 55) return 18 + random.nextInt(32);
        if (bucket < 85) return 50 + random.nextInt(25);
        return 75 + random.nextInt(22);
    }

    private static String mrn(int n) {
        return String.format("M%07d", n);
    }

    private static String phone(Random random) {
        return String.format("(%03d) %03d-%04d", 201 + random.nextInt(780), 200 + random.nextInt(700), random.nextInt(10000));
    }

    private static String typo(String s, Random random) {
        if (s.length() < 3) return s + "e";
        int i = 1 + random.nextInt(s.length() - 2);
        char[] c = s.toCharArray();
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        return new String(c);
    }

    /** A 10-digit NPI with a valid Luhn check digit (prefix 80840, as CMS specifies). */
    static String npi(Random random) {
        String base = String.valueOf(1 + random.nextInt(2)) + String.format("%08d", random.nextInt(100_000_000));
        String withPrefix = "80840" + base;
        int sum = 0;
        boolean dbl = true;
        for (int i = withPrefix.length() - 1; i >= 0; i--) {
            int digit = withPrefix.charAt(i) - '0';
            if (dbl) {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
            dbl = !dbl;
        }
        return base + ((10 - sum % 10) % 10);
    }
}
