package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.parser.IParser;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.coding.EncounterCodingService;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.encounter.ProviderService;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * FHIR bulk data export (the EHI export of ONC 170.315(b)(10)): a job writes one NDJSON file per resource type under
 * {@code <data-dir>/exports/<job>}, in the background and as the user who asked (every patient exported is an
 * audited EXPORT of that patient, by that user). Only that user may poll, download or delete the job; files are
 * checked against their SHA-256 when served and deleted after the retention period.
 */
@Service
public class BulkExportService {

    public static final String PERMISSION = "fhir.export";
    /** The resource types this server exports, in the order of the manifest. */
    public static final List<String> TYPES = java.util.stream.Stream.concat(java.util.stream.Stream.of("Patient",
            "Encounter", "Condition", "Procedure", "DocumentReference", "Consent", "Practitioner", "Organization"),
            new java.util.TreeSet<>(org.chartkeeper.record.OutsideDataService.TYPES).stream()).toList();
    /** Patients whose received clinical data is read at once (a long record holds thousands of resources). */
    private static final int OUTSIDE_BATCH = 50;
    private static final int BATCH = 1000;
    /** The file of OperationOutcomes for what was left out (the manifest's {@code error} array). */
    public static final String ERRORS = "OperationOutcome";
    private static final Logger log = LoggerFactory.getLogger(BulkExportService.class);

    /** A job as its owner sees it. */
    public record Status(String id, String state, String progress, String error, OffsetDateTime transactionTime,
                         String requestUrl, List<Output> output) {
        public boolean complete() {
            return "complete".equals(state);
        }

        public boolean running() {
            return "accepted".equals(state) || "running".equals(state);
        }
    }

    public record Output(String type, String fileName, long count) {}

    private final BulkExportRepository jobs;
    private final PatientService patients;
    private final EncounterService encounters;
    private final ProviderService providers;
    private final EncounterCodingService coding;
    private final RecordService records;
    private final org.chartkeeper.disclosure.ConsentService consents;
    private final org.chartkeeper.record.OutsideDataService outside;
    private final PermissionService permissions;
    private final AuditService audit;
    private final Clock clock;
    private final Path root;
    private final Duration retention;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fhir-export");
        t.setDaemon(true);
        return t;
    });

    public BulkExportService(BulkExportRepository jobs, PatientService patients, EncounterService encounters,
                             ProviderService providers, EncounterCodingService coding, RecordService records,
                             org.chartkeeper.disclosure.ConsentService consents, PermissionService permissions, AuditService audit, Clock clock,
                             ChartkeeperProperties properties, org.chartkeeper.record.OutsideDataService outside,
                             @Value("${chartkeeper.fhir.export-retention:24h}") Duration retention) {
        this.jobs = jobs;
        this.patients = patients;
        this.encounters = encounters;
        this.providers = providers;
        this.coding = coding;
        this.records = records;
        this.consents = consents;
        this.outside = outside;
        this.permissions = permissions;
        this.audit = audit;
        this.clock = clock;
        this.root = properties.dataDir().resolve("exports");
        this.retention = retention;
    }

    @PostConstruct
    void failInterrupted() {
        int n = jobs.failInterrupted(now());
        if (n > 0) log.info("{} bulk export(s) interrupted by the restart were marked failed", n);
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    /**
     * Starts an export of every active patient ({@code level} system or patient) with the given types (all if
     * empty), resources changed since {@code since} if given. Needs {@code fhir.export}; the request is audited.
     */
    public String start(String level, List<String> types, OffsetDateTime since, String requestUrl) {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, PERMISSION)) {
            audit.record(new AuditEntry(AuditAction.EXPORT, DataCategory.DEMOGRAPHICS, AuditOutcome.DENIED, null,
                    "Bundle", null, null, "bulk export refused: no fhir.export"));
            throw new AccessDeniedException("Bulk export needs the fhir.export permission");
        }
        List<String> wanted = types.isEmpty() ? TYPES : types;
        for (String t : wanted) {
            if (!TYPES.contains(t)) {
                throw new InvalidRequestException("_type", "This server exports " + String.join(", ", TYPES)
                        + "; it cannot export " + t);
            }
        }
        if (since != null && since.isAfter(now())) throw new InvalidRequestException("_since", "_since is in the future");
        OffsetDateTime now = now();
        String id = UUID.randomUUID().toString();
        String ordered = String.join(",", TYPES.stream().filter(wanted::contains).toList());
        jobs.insert(new BulkExportRepository.Job(id, level, user.id(), user.username(), ordered, since,
                requestUrl.length() > 2000 ? requestUrl.substring(0, 2000) : requestUrl, "accepted", null, null, now,
                now, null));
        audit.record(new AuditEntry(AuditAction.EXPORT, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, null,
                "Bundle", id, null, "bulk export requested: " + level + " level, types " + ordered
                + (since == null ? "" : ", since " + since)));
        SecurityContext context = SecurityContextHolder.getContext();
        runner.submit(() -> runAs(context, id));
        return id;
    }

    /** The job, for its owner only (anyone else: not found). */
    public Status status(String id) {
        BulkExportRepository.Job job = owned(id);
        List<Output> output = jobs.files(id).stream().map(f -> new Output(f.resource(), f.fileName(), f.resources()))
                .sorted(java.util.Comparator.comparingInt(o -> TYPES.contains(o.type()) ? TYPES.indexOf(o.type())
                        : TYPES.size()))
                .toList();
        return new Status(job.id(), job.status(), job.progress(), job.error(), job.transactionTime(), job.requestUrl(),
                output);
    }

    /** Opens one output file of a complete job for its owner, verified against its SHA-256; the download is audited. */
    public Path file(String id, String type) {
        BulkExportRepository.Job job = owned(id);
        if (!"complete".equals(job.status())) throw new NotFoundException("Export " + id + " is not complete");
        BulkExportRepository.File f = jobs.files(id).stream().filter(x -> x.resource().equals(type)).findFirst()
                .orElseThrow(() -> new NotFoundException("Export " + id + " has no " + type + " file"));
        Path path = root.resolve(id).resolve(f.fileName());
        if (!f.sha256().equals(sha256(path))) {
            audit.record(new AuditEntry(AuditAction.EXPORT, DataCategory.DEMOGRAPHICS, AuditOutcome.FAILURE, null,
                    "Binary", id + "/" + type, null, "bulk export file failed its SHA-256 check; not served"));
            throw new IllegalStateException("Export file " + id + "/" + type + " failed its integrity check");
        }
        audit.record(new AuditEntry(AuditAction.EXPORT, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, null,
                "Binary", id + "/" + type, null, "bulk export file downloaded (" + f.resources() + " resources)"));
        return path;
    }

    /** Cancels a running job or deletes a finished one, with its files (owner only). */
    public void delete(String id) {
        owned(id);
        jobs.cancel(id, now());
        deleteFiles(id);
        audit.record(new AuditEntry(AuditAction.DELETE, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, null,
                "Bundle", id, null, "bulk export cancelled or deleted"));
    }

    /** Deletes the files of exports finished longer ago than the retention period. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void expireOld() {
        for (String id : jobs.expired(now().minus(retention))) {
            deleteFiles(id);
            jobs.expire(id);
        }
    }

    private BulkExportRepository.Job owned(String id) {
        CurrentUser user = CurrentUser.require();
        BulkExportRepository.Job job = id == null ? null : jobs.find(id).orElse(null);
        if (job == null || job.userId() != user.id()) throw new NotFoundException("No export " + id);
        return job;
    }

    private void runAs(SecurityContext context, String id) {
        SecurityContextHolder.setContext(context);
        try {
            run(jobs.find(id).orElseThrow());
        } catch (RuntimeException | IOException e) {
            log.info("Bulk export {} failed ({})", id, e.getClass().getSimpleName());
            jobs.finish(id, "failed", e instanceof AccessDeniedException || e.getClass().getSimpleName().contains("Denied")
                    ? "refused: the export includes a patient you may not see" : "the export failed; start it again",
                    now());
            deleteFiles(id);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void run(BulkExportRepository.Job job) throws IOException {
        Set<String> types = new LinkedHashSet<>(List.of(job.types().split(",")));
        Path dir = Files.createDirectories(root.resolve(job.id()));
        IParser parser = FhirContextHolder.R4.newJsonParser().setPrettyPrint(false);
        Map<String, BufferedWriter> out = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t : types) {
            out.put(t, Files.newBufferedWriter(dir.resolve(t + ".ndjson"), StandardCharsets.UTF_8));
            counts.put(t, 0L);
        }
        Set<Long> practitioners = new LinkedHashSet<>();
        BufferedWriter errors = Files.newBufferedWriter(dir.resolve(ERRORS + ".ndjson"), StandardCharsets.UTF_8);
        long refusedCount = 0;
        long total = patients.count();
        long done = 0;
        try {
            boolean needPatients = types.stream().anyMatch(t -> !t.equals("Organization"));
            boolean coded = types.contains("Condition") || types.contains("Procedure");
            String base = base(job.requestUrl());
            long after = 0;
            while (needPatients) {
                if (!live(job.id())) return;
                PatientService.ExportBatch next = patients.exportBatch(after, BATCH);
                if (next.done()) break;
                after = next.lastId();
                List<PatientRecord> batch = next.records();
                for (long refused : next.refused()) {
                    errors.write(parser.encodeResourceToString(FhirErrors.outcome(OperationOutcome.IssueType.FORBIDDEN,
                            "Patient/" + refused + " was left out: a restricted chart this user may not export", null)));
                    errors.write('\n');
                    refusedCount++;
                }
                if (types.contains("Patient")) {
                    for (PatientRecord p : batch) {
                        if (job.since() != null && p.patient().updatedAt().isBefore(job.since().toInstant())) continue;
                        write(out.get("Patient"), parser, FhirPatientMapping.toFhir(p), counts, "Patient");
                    }
                }
                List<Long> ids = batch.stream().map(p -> p.patient().id()).toList();
                if (!batch.isEmpty() && (types.contains("Encounter") || types.contains("Practitioner"))) {
                    List<Encounter> list = encounters.exportFor(ids, job.since());
                    for (Encounter e : list) {
                        if (e.attendingProviderId() != null) practitioners.add(e.attendingProviderId());
                        if (types.contains("Encounter")) {
                            write(out.get("Encounter"), parser, FhirResourceMapping.encounter(e), counts, "Encounter");
                        }
                    }
                }
                if (!batch.isEmpty() && coded) {
                    for (EncounterCodingService.CodedLine l : coding.exportFor(ids)) {
                        if (job.since() != null && (l.updatedAt() == null
                                || l.updatedAt().isBefore(job.since().toInstant()))) continue;
                        if (l.diagnosis() && types.contains("Condition")) {
                            write(out.get("Condition"), parser, CodedDataProvider.condition(l), counts, "Condition");
                        } else if (!l.diagnosis() && types.contains("Procedure")) {
                            write(out.get("Procedure"), parser, CodedDataProvider.procedure(l), counts, "Procedure");
                        }
                    }
                }
                if (!batch.isEmpty() && (types.contains("DocumentReference") || types.contains("Practitioner"))) {
                    for (Document d : records.exportFor(ids, job.since() == null ? null : job.since().toInstant())) {
                        if (d.authorProviderId() != null) practitioners.add(d.authorProviderId());
                        if (types.contains("DocumentReference")) {
                            write(out.get("DocumentReference"), parser, DocumentReferenceProvider.map(d, base), counts,
                                    "DocumentReference");
                        }
                    }
                }
                if (!batch.isEmpty() && types.contains("Consent")) {
                    for (var c : consents.exportFor(ids, job.since() == null ? null : job.since().toInstant())) {
                        write(out.get("Consent"), parser, ConsentResourceProvider.map(c), counts, "Consent");
                    }
                }
                boolean received = types.stream().anyMatch(org.chartkeeper.record.OutsideDataService.TYPES::contains);
                for (int i = 0; received && i < ids.size(); i += OUTSIDE_BATCH) {
                    for (var r : outside.exportFor(ids.subList(i, Math.min(ids.size(), i + OUTSIDE_BATCH)),
                            job.since() == null ? null : job.since().toInstant())) {
                        if (!types.contains(r.resourceType())) continue;
                        OutsideResources.practitioners(r.content(), practitioners);
                        write(out.get(r.resourceType()), parser, OutsideResources.toFhir(r, parser), counts,
                                r.resourceType());
                    }
                }
                done += batch.size() + next.refused().size();
                jobs.progress(job.id(), "patients exported: " + done + " of about " + total);
            }
            if (types.contains("Practitioner")) {
                List<Long> ids = new ArrayList<>(practitioners);
                for (int i = 0; i < ids.size(); i += BATCH) {
                    for (var p : providers.all(ids.subList(i, Math.min(ids.size(), i + BATCH)))) {
                        write(out.get("Practitioner"), parser, FhirResourceMapping.practitioner(p), counts, "Practitioner");
                    }
                }
            }
            if (types.contains("Organization")) {
                for (var f : patients.facilities()) {
                    write(out.get("Organization"), parser, FhirResourceMapping.organization(f), counts, "Organization");
                }
            }
        } finally {
            for (BufferedWriter w : out.values()) w.close();
            errors.close();
        }
        if (refusedCount > 0) {
            Path file = dir.resolve(ERRORS + ".ndjson");
            jobs.addFile(job.id(), new BulkExportRepository.File(ERRORS, file.getFileName().toString(), refusedCount,
                    sha256(file)));
        }
        for (String t : types) {
            Path file = dir.resolve(t + ".ndjson");
            jobs.addFile(job.id(), new BulkExportRepository.File(t, file.getFileName().toString(), counts.get(t),
                    sha256(file)));
        }
        if (!jobs.finish(job.id(), "complete", null, now())) deleteFiles(job.id()); // cancelled at the last moment
    }

    /** The FHIR base of a kick-off URL ({@code <base>/$export} or {@code <base>/Patient/$export}). */
    static String base(String requestUrl) {
        String head = requestUrl == null ? "" : requestUrl.split("\\?", 2)[0];
        return head.replaceFirst("/(Patient/)?\\$export$", "");
    }

    private boolean live(String id) {
        return jobs.find(id).map(j -> "accepted".equals(j.status()) || "running".equals(j.status())).orElse(false);
    }

    private static void write(BufferedWriter w, IParser parser, IBaseResource r, Map<String, Long> counts, String type)
            throws IOException {
        w.write(parser.encodeResourceToString(r));
        w.write('\n');
        counts.merge(type, 1L, Long::sum);
    }

    private void deleteFiles(String id) {
        Path dir = root.resolve(id);
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.info("Could not delete the files of export {} ({})", id, e.getClass().getSimpleName());
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
