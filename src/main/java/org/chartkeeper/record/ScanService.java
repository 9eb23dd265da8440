package org.chartkeeper.record;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.patient.Patient;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.PatientSearch;
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemStatus;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scanning and indexing: a batch of scanned pages (PDF, TIFF, PNG, JPEG; each page stored by its SHA-256) waits in
 * the indexing queue until a technician assigns each of its documents a patient, encounter, type and date, splits
 * and merges documents page by page, and files the batch. Needs {@code document.index}.
 */
@Service
public class ScanService {

    public static final String QUEUE = "scan-indexing";
    public static final int MAX_PAGES = 2_000;

    private final ScanRepository scans;
    private final DocumentRepository documents;
    private final RecordService record;
    private final ContentStore store;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final PatientService patients;
    private final EncounterService encounters;
    private final WorkQueueService queues;
    private final Clock clock;

    public ScanService(ScanRepository scans, DocumentRepository documents, RecordService record, ContentStore store,
                       AccessGate gate, AuditService audit, PermissionService permissions, PatientService patients,
                       EncounterService encounters, WorkQueueService queues, Clock clock) {
        this.scans = scans;
        this.documents = documents;
        this.record = record;
        this.store = store;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.patients = patients;
        this.encounters = encounters;
        this.queues = queues;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ receiving

    /** A batch uploaded by the current user (document.index). Each file starts as one document. */
    @Transactional
    public ScanBatch upload(String name, List<ScanFile> files) {
        requireIndexer("upload a scanned batch");
        return receive(name, files, Actor.current(), CurrentUser.require().id());
    }

    /** A batch received without a signed-in user (a scanner's folder, the demo hospital). */
    @Transactional
    public ScanBatch receive(String name, List<ScanFile> files, Actor actor, Long userId) {
        if (files == null || files.isEmpty()) throw new InvalidRequestException("files", "Choose at least one file");
        String batchName = name == null || name.isBlank() ? files.getFirst().fileName() : name.strip();
        if (batchName == null || batchName.length() > 200) {
            throw new InvalidRequestException("name", "Name the batch (at most 200 characters)");
        }
        List<List<DocumentFiles.Page>> split = new ArrayList<>();
        int total = 0;
        for (ScanFile f : files) {
            DocumentFiles.Checked checked = DocumentFiles.check("files", f.fileName(), f.bytes());
            total += checked.pages();
            if (total > MAX_PAGES) {
                throw new InvalidRequestException("files", "A batch has at most " + MAX_PAGES + " pages");
            }
            split.add(DocumentFiles.pages(checked.format(), f.bytes()));
        }
        Instant now = clock.instant();
        long batchId = scans.insertBatch(batchName, total, now, userId);
        int pageNo = 0;
        for (int i = 0; i < split.size(); i++) {
            for (DocumentFiles.Page page : split.get(i)) {
                ContentStore.Stored stored = store.put(page.bytes());
                scans.insertPage(batchId, ++pageNo, i + 1, stored.sha256(), page.format().mediaType,
                        RecordService.cut(files.get(i).fileName().strip(), 255), page.text());
            }
        }
        audit.record(new AuditEntry(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.SUCCESS, null,
                "ScanBatch", String.valueOf(batchId), null, "scanned batch received: " + total + " page(s), "
                + files.size() + " file(s)"), actor);
        WorkItem item = queues.create(NewWorkItem.of(QUEUE, "ScanBatch", batchId, null,
                "Index scanned batch " + batchId + " (" + total + " pages)",
                "Assign patient, encounter, document type and date to each document; split and merge pages; file the batch."),
                actor);
        scans.setWorkItem(batchId, item.id());
        return scans.batch(batchId).orElseThrow();
    }

    // ------------------------------------------------------------------ reading

    /** Batches waiting for indexing (or the latest filed ones). Names and counts only, no patient. */
    public List<ScanBatch> batches(boolean open) {
        requireIndexer("see scanned batches");
        return scans.batches(open, 200);
    }

    /** The indexing page: documents in page order with their pages and indexing. Audited (the patients shown). */
    public ScanBatchView batch(long batchId) {
        requireIndexer("index scanned batches");
        ScanBatch batch = scans.batch(batchId).orElseThrow(() -> new NotFoundException("No scanned batch " + batchId));
        Map<Integer, ScanRepository.Indexing> indexing = new HashMap<>();
        scans.indexing(batchId).forEach(i -> indexing.put(i.docNo(), i));
        Map<Integer, List<ScanBatchView.Page>> byDoc = new LinkedHashMap<>();
        for (ScanRepository.PageRow p : scans.pages(batchId)) {
            byDoc.computeIfAbsent(p.docNo(), k -> new ArrayList<>()).add(new ScanBatchView.Page(p.pageNo(), p.docNo(),
                    p.mediaType(), p.sourceName(), p.text() != null));
        }
        List<Long> shown = indexing.values().stream().map(ScanRepository.Indexing::patientId).filter(Objects::nonNull)
                .distinct().toList();
        gate.list(DataCategory.CLINICAL_DOCUMENTS, "ScanBatch", shown, "scanned batch " + batchId);
        Map<Long, String> labels = new HashMap<>();
        Map<Long, String> accounts = new HashMap<>();
        for (long pid : shown) {
            Patient p = patients.open(pid);
            labels.put(pid, p.mrn() + " · " + p.displayName());
        }
        List<ScanBatchView.Doc> docs = new ArrayList<>();
        for (var e : byDoc.entrySet()) {
            ScanRepository.Indexing ix = indexing.get(e.getKey());
            String account = null;
            if (ix != null && ix.encounterId() != null) {
                account = accounts.computeIfAbsent(ix.encounterId(), id -> encounters.get(id).accountNumber());
            }
            docs.add(new ScanBatchView.Doc(e.getKey(), e.getValue(), ix == null ? null : ix.patientId(),
                    ix == null || ix.patientId() == null ? null : labels.get(ix.patientId()),
                    ix == null ? null : ix.encounterId(), account, ix == null ? null : ix.typeCode(),
                    ix == null ? null : ix.serviceDate(), ix == null ? null : ix.documentId()));
        }
        return new ScanBatchView(batch, docs, record.activeTypes());
    }

    /** A PNG preview of one page, verified against its SHA-256. Audited (the patient its document is indexed to). */
    public byte[] preview(long batchId, int pageNo, int width) {
        requireIndexer("see scanned pages");
        ScanRepository.PageRow page = scans.pages(batchId).stream().filter(p -> p.pageNo() == pageNo).findFirst()
                .orElseThrow(() -> new NotFoundException("Batch " + batchId + " has no page " + pageNo));
        Long patientId = scans.indexing(batchId).stream().filter(i -> i.docNo() == page.docNo())
                .map(ScanRepository.Indexing::patientId).filter(Objects::nonNull).findFirst().orElse(null);
        gate.list(DataCategory.CLINICAL_DOCUMENTS, "ScanPage", patientId == null ? List.of() : List.of(patientId),
                "scanned batch " + batchId + " page " + pageNo);
        return switch (store.read(page.sha256())) {
            case ContentStore.Read.Ok ok -> DocumentFiles.preview(DocumentFiles.Format.ofMediaType(page.mediaType()),
                    ok.bytes(), Math.max(100, Math.min(width, 1600)));
            default -> {
                audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.FAILURE,
                        patientId, "ScanPage", batchId + "/" + pageNo, null,
                        "integrity failure: the stored page does not match its SHA-256; not served"));
                throw new org.chartkeeper.IntegrityFailureException("Page " + pageNo + " of batch " + batchId
                        + " failed its integrity check and was not shown. The failure has been recorded.");
            }
        };
    }

    // ------------------------------------------------------------------ indexing

    /**
     * Assigns one document of the batch: the patient by MRN (or id), optionally the encounter by account number (or
     * id), the type and the service date. The user must be allowed to file documents in that chart.
     */
    @Transactional
    public void index(long batchId, int docNo, Assignment a) {
        requireIndexer("index scanned batches");
        ScanBatch batch = openBatch(batchId);
        if (scans.pages(batchId).stream().noneMatch(p -> p.docNo() == docNo)) {
            throw new NotFoundException("Batch " + batchId + " has no document " + docNo);
        }
        long patientId = patientOf(a);
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, patientId, "ScanBatch",
                batch.id() + "/" + docNo), RecordService.INDEX, "scanned document indexed to the chart");
        Long encounterId = encounterOf(patientId, a);
        DocumentType type = record.activeType(a.typeCode());
        LocalDate date = a.serviceDate();
        if (date == null) throw new InvalidRequestException("serviceDate", "Give the document's service date");
        if (date.isAfter(LocalDate.now(clock).plusDays(1))) {
            throw new InvalidRequestException("serviceDate", "The service date is in the future");
        }
        scans.saveIndexing(batchId, docNo, patientId, encounterId, type.code(), date);
    }

    /** What a technician assigns to a document of a batch: patient by MRN or id, encounter by account or id. */
    public record Assignment(String mrn, Long patientId, String accountNumber, Long encounterId, String typeCode,
                             LocalDate serviceDate) {}

    /** Starts a new document at this page: it and the following pages of its document move to the new one. */
    @Transactional
    public void split(long batchId, int pageNo) {
        requireIndexer("split documents");
        openBatch(batchId);
        List<ScanRepository.PageRow> pages = scans.pages(batchId);
        ScanRepository.PageRow page = pages.stream().filter(p -> p.pageNo() == pageNo).findFirst()
                .orElseThrow(() -> new NotFoundException("Batch " + batchId + " has no page " + pageNo));
        boolean first = pages.stream().noneMatch(p -> p.docNo() == page.docNo() && p.pageNo() < pageNo);
        if (first) throw new InvalidRequestException("pageNo", "Page " + pageNo + " already starts a document");
        int newDoc = pages.stream().mapToInt(ScanRepository.PageRow::docNo).max().orElse(0) + 1;
        scans.moveTail(batchId, page.docNo(), pageNo, newDoc);
        audit(batchId, "split at page " + pageNo);
    }

    /** Joins the document that starts at this page to the document before it. */
    @Transactional
    public void merge(long batchId, int pageNo) {
        requireIndexer("merge documents");
        openBatch(batchId);
        List<ScanRepository.PageRow> pages = scans.pages(batchId);
        ScanRepository.PageRow page = pages.stream().filter(p -> p.pageNo() == pageNo).findFirst()
                .orElseThrow(() -> new NotFoundException("Batch " + batchId + " has no page " + pageNo));
        ScanRepository.PageRow before = pages.stream().filter(p -> p.pageNo() == pageNo - 1).findFirst()
                .orElseThrow(() -> new InvalidRequestException("pageNo", "Page " + pageNo + " has no document before it"));
        if (before.docNo() == page.docNo()) {
            throw new InvalidRequestException("pageNo", "Page " + pageNo + " is already part of the document before it");
        }
        scans.mergeInto(batchId, page.docNo(), before.docNo());
        audit(batchId, "merged the document at page " + pageNo + " into the one before");
    }

    /**
     * Files every document of the batch in its chart as one PDF of its pages (text extracted for search). Refused,
     * naming the document, while any is missing its patient, type or date.
     */
    @Transactional
    public List<Document> file(long batchId, int expectedVersion) {
        requireIndexer("file scanned batches");
        ScanBatch batch = openBatch(batchId);
        if (batch.version() != expectedVersion) throw new StaleVersionException("Scanned batch " + batchId, expectedVersion);
        Map<Integer, ScanRepository.Indexing> indexing = new HashMap<>();
        scans.indexing(batchId).forEach(i -> indexing.put(i.docNo(), i));
        Map<Integer, List<ScanRepository.PageRow>> byDoc = new LinkedHashMap<>();
        for (ScanRepository.PageRow p : scans.pages(batchId)) byDoc.computeIfAbsent(p.docNo(), k -> new ArrayList<>()).add(p);
        for (var e : byDoc.entrySet()) {
            ScanRepository.Indexing ix = indexing.get(e.getKey());
            if (ix == null || ix.patientId() == null || ix.typeCode() == null || ix.serviceDate() == null) {
                throw new InvalidRequestException("documents", "The document starting at page "
                        + e.getValue().getFirst().pageNo() + " still needs its patient, type and date");
            }
        }
        if (scans.touch(batchId, expectedVersion) == 0) throw new StaleVersionException("Scanned batch " + batchId, expectedVersion);
        Instant now = clock.instant();
        List<Document> filed = new ArrayList<>();
        for (var e : byDoc.entrySet()) {
            ScanRepository.Indexing ix = indexing.get(e.getKey());
            gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, ix.patientId(),
                    RecordService.RESOURCE, null), RecordService.INDEX, "filed from scanned batch " + batchId);
            List<DocumentFiles.Page> pages = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (ScanRepository.PageRow p : e.getValue()) {
                byte[] bytes = switch (store.read(p.sha256())) {
                    case ContentStore.Read.Ok ok -> ok.bytes();
                    default -> throw new org.chartkeeper.IntegrityFailureException("Page " + p.pageNo() + " of batch "
                            + batchId + " failed its integrity check; the batch was not filed");
                };
                pages.add(new DocumentFiles.Page(DocumentFiles.Format.ofMediaType(p.mediaType()), bytes, p.text()));
                if (p.text() != null) text.append(p.text()).append('\n');
            }
            DocumentType type = documents.type(ix.typeCode()).orElseThrow();
            Instant serviceAt = ix.serviceDate().atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
            if (serviceAt.isAfter(now)) serviceAt = now;
            Document d = record.fileScanned(ix.patientId(), ix.encounterId(), type, serviceAt,
                    type.name().toLowerCase(java.util.Locale.ROOT).contains("scanned") ? type.name() : type.name() + " (scanned)",
                    DocumentFiles.join(pages), pages.size(),
                    text.isEmpty() ? null : text.toString().strip(), now);
            scans.filedAs(batchId, e.getKey(), d.id());
            filed.add(d);
        }
        scans.markFiled(batchId, now, CurrentUser.require().id());
        return filed;
    }

    /**
     * Completes the batch's indexing work item for the current user once the batch is filed (claiming it first if
     * it is still in the pool). Runs after the filing committed; if the item is someone else's it is left to them.
     */
    public void closeWorkItem(long batchId) {
        ScanBatch batch = scans.batch(batchId).orElseThrow();
        if (batch.open() || batch.workItemId() == null) return;
        try {
            WorkItem item = queues.detail(batch.workItemId()).item();
            if (item.status() == WorkItemStatus.OPEN) item = queues.claim(item.id(), item.version());
            if (item.status() == WorkItemStatus.IN_PROGRESS && Objects.equals(item.assigneeId(), CurrentUser.require().id())) {
                queues.complete(item.id(), item.version(), "Filed " + batch.documents() + " document(s) from "
                        + batch.pageCount() + " page(s)", null);
            }
        } catch (RuntimeException e) {
            // the queue refused (someone else holds the item): the batch is filed all the same
        }
    }

    // ------------------------------------------------------------------ rules

    private long patientOf(Assignment a) {
        if (a.patientId() != null) return a.patientId();
        if (a.mrn() == null || a.mrn().isBlank()) throw new InvalidRequestException("mrn", "Give the patient's MRN");
        List<PatientRecord> found = patients.searchRecords(PatientSearch.of(null, null, a.mrn().strip()), 2);
        if (found.isEmpty()) throw new InvalidRequestException("mrn", "No patient with MRN " + a.mrn().strip());
        if (found.size() > 1) throw new InvalidRequestException("mrn", "MRN " + a.mrn().strip() + " is not unique; give the patient id");
        return found.getFirst().patient().id();
    }

    private Long encounterOf(long patientId, Assignment a) {
        if (a.encounterId() != null) {
            record.checkEncounter(patientId, a.encounterId());
            return a.encounterId();
        }
        if (a.accountNumber() == null || a.accountNumber().isBlank()) return null;
        String account = a.accountNumber().strip();
        return encounters.forPatient(patientId).stream().filter(e -> e.accountNumber().equalsIgnoreCase(account))
                .map(Encounter::id).findFirst()
                .orElseThrow(() -> new InvalidRequestException("accountNumber", "Account " + account
                        + " is not one of this patient's encounters"));
    }

    private ScanBatch openBatch(long batchId) {
        ScanBatch batch = scans.batch(batchId).orElseThrow(() -> new NotFoundException("No scanned batch " + batchId));
        if (!batch.open()) throw new InvalidRequestException("status", "Batch " + batchId + " is already filed");
        return batch;
    }

    private void requireIndexer(String what) {
        CurrentUser me = CurrentUser.require();
        if (!permissions.has(me, RecordService.INDEX)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource("ScanBatch", null).withDetail("refused: " + what + " needs document.index"));
            throw new AccessDeniedException("You may not " + what + " (needs document.index)");
        }
    }

    private void audit(long batchId, String what) {
        audit.record(AuditEntry.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.SUCCESS)
                .withResource("ScanBatch", batchId).withDetail(what));
    }
}
