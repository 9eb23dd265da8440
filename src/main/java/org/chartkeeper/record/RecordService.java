package org.chartkeeper.record;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.chartkeeper.IntegrityFailureException;
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
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkQueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The legal health record's use cases: documents, their versions, signatures and co-signatures, addenda and
 * amendments, entered-in-error, uploads and the chart's document list. Every read or change of a document passes the
 * {@link AccessGate} (category CLINICAL_DOCUMENTS); stored content is verified against its SHA-256 on every read.
 */
@Service
public class RecordService {

    public static final String READ = Permissions.DOCUMENT_READ;
    public static final String WRITE = Permissions.DOCUMENT_WRITE;
    public static final String SIGN = Permissions.DOCUMENT_SIGN;
    public static final String INDEX = Permissions.DOCUMENT_INDEX;
    public static final String TYPES = Permissions.DOCUMENT_TYPES;
    /** Destroy documents past their retention period (the HIM director). */
    public static final String DESTROY = "record.destroy";

    public static final int MAX_TEXT = 200_000;
    public static final int CHART_LIMIT = 500;
    static final String RESOURCE = "DocumentReference";

    private static final Logger log = LoggerFactory.getLogger(RecordService.class);

    private final DocumentRepository documents;
    private final ContentStore store;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final EncounterService encounters;
    private final WorkQueueService queues;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public RecordService(DocumentRepository documents, ContentStore store, AccessGate gate, AuditService audit,
                         PermissionService permissions, EncounterService encounters, WorkQueueService queues,
                         Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.documents = documents;
        this.store = store;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.encounters = encounters;
        this.queues = queues;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reading

    /** A chart's documents, newest first, filtered; entered-in-error ones only for HIM staff. Audited. */
    public List<Document> chart(long patientId, ChartFilter filter) {
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DOCUMENTS, patientId, RESOURCE, "patient/" + patientId));
        return documents.chart(patientId, filter == null ? ChartFilter.ALL : filter, seesErrors(), CHART_LIMIT);
    }

    /** A document with its metadata (no content). Audited. */
    public Document get(long documentId) {
        Document d = find(documentId);
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE, documentId));
        gone(d);
        return visible(d);
    }

    /** A destroyed document is gone (410): its certificate of destruction is what remains. */
    private void gone(Document d) {
        documents.destroyedAt(d.id()).ifPresent(at -> {
            throw new org.chartkeeper.DocumentDestroyedException("Document " + d.id() + " was destroyed on "
                    + LocalDate.ofInstant(at, ZoneOffset.UTC) + " under the retention schedule; its content no longer"
                    + " exists. Its certificate of destruction is kept.");
        });
    }

    /** A document as its page shows it, its text verified. Audited. */
    public DocumentPage page(long documentId) {
        Document d = get(documentId);
        String text = d.isFile() ? null : verified(d, d.currentVersion()).text();
        Document original = d.parentId() == null ? null : documents.find(d.parentId()).orElse(null);
        boolean errors = seesErrors();
        List<Document> changes = documents.changesOf(documentId).stream()
                .filter(c -> errors || !c.enteredInError()).toList();
        CurrentUser me = CurrentUser.require();
        DocumentRepository.Provider mine = documents.providerOfUser(me.id()).orElse(null);
        boolean draft = d.status() == DocumentStatus.DRAFT;
        boolean author = mine != null && Objects.equals(mine.id(), d.authorProviderId());
        var actions = new DocumentPage.Actions(
                draft && !d.isFile() && has(WRITE),
                draft && author && has(SIGN),
                d.awaitingCosignature() && mine != null && !mine.resident() && !author && has(SIGN),
                d.locked() && !d.enteredInError() && mine != null && has(WRITE),
                !d.enteredInError() && has(INDEX),
                has(INDEX));
        LocalDate keepUntil = LocalDate.ofInstant(d.serviceAt(), ZoneOffset.UTC).plusYears(d.retentionYears());
        return new DocumentPage(d, text, documents.versions(documentId), original, changes, keepUntil, actions);
    }

    /** One version's content (the current one when {@code versionNo} is null), verified. Audited. */
    public DocumentContent content(long documentId, Integer versionNo) {
        Document d = get(documentId);
        int v = versionNo == null ? d.currentVersion() : versionNo;
        if (v < 1 || v > d.currentVersion()) {
            throw new NotFoundException("Document " + documentId + " has no version " + v);
        }
        return verified(d, v);
    }

    /** A document's current readable text: a text document's body (verified), or the text extracted from a file. Audited. */
    public DocumentContent readableText(long documentId) {
        Document d = get(documentId);
        if (!d.isFile()) return verified(d, d.currentVersion());
        String text = documents.searchText(d.id(), d.currentVersion()).orElse(null);
        return new DocumentContent(d, d.currentVersion(), text == null ? "" : text, null, "text/plain", null, null);
    }

    /** The documents of one encounter of a chart (current versions, entered-in-error ones left out). Audited once. */
    public List<Document> encounterDocuments(long patientId, long encounterId) {
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DOCUMENTS, patientId, RESOURCE, "encounter/" + encounterId));
        return documents.search(patientId, DocumentQuery.ofEncounter(encounterId), false, 0, null);
    }

    /** One page of a chart's documents matching {@code query}, with how many match in all. */
    public record DocumentResults(long total, List<Document> documents) {}

    /**
     * A chart's documents as an interface searches them (FHIR DocumentReference): every filter, the order and the
     * page are applied by the database, so no document of a large chart is lost to a limit. Entered-in-error ones
     * only for HIM staff, as in the chart. One audited view of the chart.
     */
    public DocumentResults search(long patientId, DocumentQuery query, int offset, int limit) {
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DOCUMENTS, patientId, RESOURCE, "patient/" + patientId));
        boolean errors = seesErrors();
        return new DocumentResults(documents.count(patientId, query, errors),
                documents.search(patientId, query, errors, offset, limit));
    }

    /**
     * The user account of a document's author, when the author has one: work about the document (a patient's
     * amendment request) is routed to them. Names no patient; the caller opens the document through the gate.
     */
    public java.util.Optional<Long> authorUserId(long documentId) {
        Document d = find(documentId);
        if (d.authorProviderId() == null) return java.util.Optional.empty();
        return documents.provider(d.authorProviderId()).map(DocumentRepository.Provider::userId);
    }

    /** A provider who can author documents, for pick lists (transcription names the dictating author). */
    public record Author(long id, String name, boolean resident, boolean me) {}

    public List<Author> authors() {
        Long me = CurrentUser.find().map(CurrentUser::id).orElse(null);
        return documents.providers().stream()
                .map(p -> new Author(p.id(), p.name(), p.resident(), me != null && me.equals(p.userId()))).toList();
    }

    public List<DocumentType> types() {
        return documents.types();
    }

    public List<DocumentType> activeTypes() {
        return documents.types().stream().filter(DocumentType::active).toList();
    }

    // ------------------------------------------------------------------ writing

    /** Starts a typed or dictated document as a draft of its author. Audited (CREATE). */
    @Transactional
    public Document createText(long patientId, NewTextDocument request) {
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, patientId, RESOURCE, null),
                WRITE, "new draft");
        DocumentType type = activeType(request.typeCode());
        checkEncounter(patientId, request.encounterId());
        String body = body(request.body());
        String source = request.source() == null || request.source().isBlank() ? "typed"
                : request.source().strip().toLowerCase(Locale.ROOT);
        if (!source.equals("typed") && !source.equals("dictated")) {
            throw new InvalidRequestException("source", "Source is 'typed' or 'dictated'");
        }
        Long author = author(request.authorProviderId(), type);
        Instant now = clock.instant();
        Instant serviceAt = serviceAt(request.serviceAt(), now);
        long id = documents.insert(new DocumentRepository.NewDocument(patientId, request.encounterId(), type.code(), "text",
                source, title(request.title(), type), author, serviceAt, DocumentStatus.DRAFT, null, null), now, userId());
        documents.insertVersion(id, 1, textVersion(body), now, userId());
        return changed(find(id), "created");
    }

    /**
     * Saves a new version of a draft. A signed (or otherwise locked) document is refused: it never changes, later
     * changes are addenda or amendments. Audited (UPDATE).
     */
    @Transactional
    public Document updateDraft(long documentId, int expectedVersion, String title, Instant serviceAt, String body) {
        Document d = find(documentId);
        requireDraft(d, "save a draft");
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE,
                documentId), WRITE, "draft saved");
        if (d.isFile()) throw new InvalidRequestException("body", "A filed document's content cannot be edited");
        String text = body(body);
        Instant now = clock.instant();
        DocumentType type = documents.type(d.typeCode()).orElseThrow();
        int next = d.currentVersion() + 1;
        int n = documents.updateDraft(documentId, expectedVersion, title(title, type),
                serviceAt == null ? d.serviceAt() : serviceAt(serviceAt, now), next, now);
        if (n == 0) throw refusedChange(documentId, expectedVersion);
        documents.insertVersion(documentId, next, textVersion(text), now, userId());
        return find(documentId);
    }

    /**
     * The author signs: the document is locked from then on. A resident's signature also asks for a co-signature.
     * Signing an amendment marks the original amended (once authenticated). Audited (UPDATE, "signed").
     */
    @Transactional
    public Document sign(long documentId, int expectedVersion) {
        Document d = find(documentId);
        requireDraft(d, "sign");
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE,
                documentId), SIGN, "signed");
        DocumentRepository.Provider me = myProvider("sign");
        if (!Objects.equals(me.id(), d.authorProviderId())) {
            refuse(d, "sign", "only the author may sign");
            throw new AccessDeniedException("Only the author" + (d.authorName() == null ? "" : " (" + d.authorName() + ")")
                    + " may sign document " + documentId);
        }
        Instant now = clock.instant();
        if (documents.sign(documentId, expectedVersion, userId(), me.resident(), now) == 0) {
            throw refusedChange(documentId, expectedVersion);
        }
        if (!me.resident()) amendOriginal(d, now);
        return changed(find(documentId), "signed");
    }

    /** A supervising (non-resident) physician co-signs a resident's signed document. Audited (UPDATE, "co-signed"). */
    @Transactional
    public Document cosign(long documentId, int expectedVersion) {
        Document d = find(documentId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE,
                documentId), SIGN, "co-signed");
        if (!d.awaitingCosignature()) {
            throw new InvalidRequestException("status", "Document " + documentId + " is not waiting for a co-signature");
        }
        DocumentRepository.Provider me = myProvider("co-sign");
        if (me.resident() || Objects.equals(me.id(), d.authorProviderId())) {
            refuse(d, "co-sign", me.resident() ? "a resident cannot co-sign" : "the author cannot co-sign");
            throw new AccessDeniedException(me.resident() ? "A resident's co-signature does not authenticate a document;"
                    + " a supervising physician co-signs" : "The author cannot co-sign their own document");
        }
        Instant now = clock.instant();
        if (documents.cosign(documentId, expectedVersion, userId(), me.id(), now) == 0) {
            throw refusedChange(documentId, expectedVersion);
        }
        amendOriginal(d, now);
        return changed(find(documentId), "cosigned");
    }

    /**
     * Starts an addendum (adds to) or amendment (corrects) of a locked document, as a new draft linked to it; the
     * original stays readable as it was. Audited (CREATE).
     */
    @Transactional
    public Document change(long documentId, String relation, String title, String body) {
        Document original = find(documentId);
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, original.patientId(),
                RESOURCE, documentId), WRITE, "new " + relation + " started");
        visible(original);
        String rel = relation == null ? "" : relation.strip().toLowerCase(Locale.ROOT);
        if (!rel.equals("addendum") && !rel.equals("amendment")) {
            throw new InvalidRequestException("relation", "Relation is 'addendum' or 'amendment'");
        }
        if (!original.locked() || original.enteredInError()) {
            throw new InvalidRequestException("status", original.enteredInError()
                    ? "Document " + documentId + " was entered in error; it cannot be amended"
                    : "Document " + documentId + " is still a draft; edit it instead");
        }
        DocumentRepository.Provider me = myProvider("write an " + rel);
        String text = body(body);
        Instant now = clock.instant();
        DocumentType type = documents.type(original.typeCode()).orElseThrow();
        String defaultTitle = (rel.equals("addendum") ? "Addendum to " : "Amendment to ") + original.title();
        long id = documents.insert(new DocumentRepository.NewDocument(original.patientId(), original.encounterId(),
                type.code(), "text", "typed", title == null || title.isBlank() ? cut(defaultTitle, 200) : title(title, type),
                me.id(), now, DocumentStatus.DRAFT, documentId, rel), now, userId());
        documents.insertVersion(id, 1, textVersion(text), now, userId());
        return changed(find(id), "created");
    }

    /** Marks a document entered in error with the reason; it leaves the chart but stays visible to HIM staff. */
    @Transactional
    public Document enterInError(long documentId, int expectedVersion, String reason) {
        Document d = find(documentId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE,
                documentId), INDEX, "entered in error");
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("reason", "Say why the document was entered in error");
        }
        if (reason.length() > 1000) throw new InvalidRequestException("reason", "Reason is too long (at most 1000 characters)");
        if (d.enteredInError()) {
            throw new InvalidRequestException("status", "Document " + documentId + " is already marked entered in error");
        }
        if (documents.enterInError(documentId, expectedVersion, reason.strip(), userId(), clock.instant()) == 0) {
            throw new StaleVersionException("Document " + documentId, expectedVersion);
        }
        return changed(find(documentId), "entered-in-error");
    }

    /** Places or lifts a legal hold: a held document is never destroyed, whatever its retention period. Audited. */
    @Transactional
    public Document legalHold(long documentId, int expectedVersion, boolean hold) {
        Document d = find(documentId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE,
                documentId), INDEX, hold ? "legal hold placed" : "legal hold lifted");
        if (documents.setLegalHold(documentId, expectedVersion, hold, clock.instant()) == 0) {
            throw new StaleVersionException("Document " + documentId, expectedVersion);
        }
        return find(documentId);
    }

    /** Files an uploaded PDF, TIFF, PNG or JPEG in a chart, checked by its content and stored by its SHA-256. */
    @Transactional
    public Document upload(long patientId, NewFileDocument request) {
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, patientId, RESOURCE, null),
                WRITE, "file uploaded");
        DocumentType type = activeType(request.typeCode());
        checkEncounter(patientId, request.encounterId());
        DocumentFiles.Checked checked = DocumentFiles.check("file", request.fileName(), request.bytes());
        Instant now = clock.instant();
        ContentStore.Stored stored = store.put(request.bytes());
        long id = documents.insert(new DocumentRepository.NewDocument(patientId, request.encounterId(), type.code(), "file",
                "upload", title(request.title(), type), null, serviceAt(request.serviceAt(), now), DocumentStatus.FINAL,
                null, null), now, userId());
        documents.insertVersion(id, 1, new DocumentRepository.NewVersion(null, stored.sha256(),
                cut(request.fileName().strip(), DocumentFiles.MAX_NAME), checked.format().mediaType, stored.size(),
                checked.pages(), stored.sha256(), checked.text()), now, userId());
        return changed(find(id), "filed");
    }

    /** The largest document accepted from an import (the content as sent). */
    public static final int MAX_IMPORTED_BYTES = 20 * 1024 * 1024;

    /**
     * Files documents received from another system (a FHIR import) in a chart, in order: each final (filed without a
     * signature here), of its patient and encounter, its content stored content-addressed by SHA-256 (written
     * atomically, verified on every read) with its text for the chart search. A document whose sender identifier the
     * chart already holds is not filed again: its id is returned (a repeated import changes nothing). Needs
     * document.write and the right to open the chart, like an upload; each new document is an audited creation, all
     * recorded together. Imported notes are of types no signature is required for, so no deficiency analysis follows.
     */
    @Transactional
    public List<Long> importDocuments(long patientId, List<ImportedDocument> in) {
        if (in.isEmpty()) return List.of();
        java.util.Map<String, DocumentType> types = new java.util.HashMap<>();
        java.util.Set<Long> encounterIds = new java.util.HashSet<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (ImportedDocument d : in) {
            types.computeIfAbsent(d.typeCode(), this::activeType);
            if (d.encounterId() != null) encounterIds.add(d.encounterId());
            if (d.sourceIdentifier() == null || d.sourceIdentifier().isBlank() || d.sourceIdentifier().length() > 200
                    || d.sourceSystem() != null && d.sourceSystem().length() > 200) {
                throw new InvalidRequestException("identifier", "An imported document needs its sender's identifier"
                        + " (system and value, at most 200 characters each)");
            }
            if (!keys.add(d.sourceSystem() + "|" + d.sourceIdentifier())) {
                throw new InvalidRequestException("identifier", "The document " + d.sourceIdentifier() + " is sent twice");
            }
            if (d.bytes() == null || d.bytes().length == 0) {
                throw new InvalidRequestException("content", "The document has no content");
            }
            if (d.bytes().length > MAX_IMPORTED_BYTES) {
                throw new InvalidRequestException("content", "The document is larger than " + MAX_IMPORTED_BYTES + " bytes");
            }
            if (d.serviceAt() == null) throw new InvalidRequestException("date", "The document needs its date");
            title(d.title(), types.get(d.typeCode()));
        }
        java.util.Map<String, Long> existing = documents.idsBySource(patientId, in.stream()
                .map(ImportedDocument::sourceIdentifier).toList());
        List<ImportedDocument> fresh = in.stream()
                .filter(d -> !existing.containsKey(d.sourceSystem() + "|" + d.sourceIdentifier())).toList();
        if (!fresh.isEmpty()) {
            gate.openAllChanges(fresh.stream().map(d -> PatientAccess.of(AuditAction.CREATE,
                    DataCategory.CLINICAL_DOCUMENTS, patientId, RESOURCE, d.sourceIdentifier())).toList(), WRITE);
            if (!encounterIds.isEmpty()) {
                java.util.Set<Long> ofPatient = encounters.forPatient(patientId).stream().map(Encounter::id)
                        .collect(java.util.stream.Collectors.toSet());
                for (Long e : encounterIds) {
                    if (!ofPatient.contains(e)) {
                        throw new InvalidRequestException("encounterId", "Encounter " + e + " is not one of this patient's");
                    }
                }
            }
            Instant now = clock.instant();
            Long user = userId();
            List<DocumentRepository.NewImported> rows = new java.util.ArrayList<>(fresh.size());
            for (ImportedDocument d : fresh) {
                ContentStore.Stored stored = store.put(d.bytes());
                DocumentType type = types.get(d.typeCode());
                rows.add(new DocumentRepository.NewImported(new DocumentRepository.NewDocument(patientId, d.encounterId(),
                        type.code(), "file", "import", title(d.title(), type), d.authorProviderId(), d.serviceAt(),
                        DocumentStatus.FINAL, null, null), d.sourceSystem(), d.sourceIdentifier(),
                        new DocumentRepository.NewVersion(null, stored.sha256(), cut("import-" + d.sourceIdentifier()
                                .replaceAll("[^A-Za-z0-9._-]", "-") + extension(d.mediaType()), DocumentFiles.MAX_NAME),
                                d.mediaType(), stored.size(), null, stored.sha256(), d.text())));
            }
            documents.insertImported(rows, now, user);
            existing.putAll(documents.idsBySource(patientId, fresh.stream().map(ImportedDocument::sourceIdentifier).toList()));
        }
        return in.stream().map(d -> existing.get(d.sourceSystem() + "|" + d.sourceIdentifier())).toList();
    }

    private static String extension(String mediaType) {
        return mediaType != null && mediaType.startsWith("text/plain") ? ".txt" : "";
    }

    /**
     * The documents that carry a sender's identifier (system optional), at most {@code limit}: each an audited view
     * of its chart (a chart the user may not open refuses the call, recorded).
     */
    public List<Document> bySourceIdentifier(String system, String value, int limit) {
        if (value == null || value.isBlank()) return List.of();
        boolean errors = seesErrors();
        List<Document> out = new java.util.ArrayList<>();
        for (Document d : documents.bySource(system, value.strip(), limit)) {
            if (d.enteredInError() && !errors) continue;
            gate.open(PatientAccess.view(DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE, d.id()));
            out.add(d);
        }
        return out;
    }

    /** Files a document assembled from a scanned batch (the scan indexing service has checked its access). */
    Document fileScanned(long patientId, Long encounterId, DocumentType type, Instant serviceAt, String title,
                         byte[] pdf, int pages, String text, Instant now) {
        ContentStore.Stored stored = store.put(pdf);
        long id = documents.insert(new DocumentRepository.NewDocument(patientId, encounterId, type.code(), "file", "scan",
                title, null, serviceAt, DocumentStatus.FINAL, null, null), now, userId());
        documents.insertVersion(id, 1, new DocumentRepository.NewVersion(null, stored.sha256(), "scan-" + id + ".pdf",
                DocumentFiles.Format.PDF.mediaType, stored.size(), pages, stored.sha256(), text), now, userId());
        return changed(find(id), "filed");
    }

    /**
     * The destruction list on {@code asOf}: documents whose type's retention period (years after the service date)
     * has passed. A document on legal hold is never on it, whatever its age; those are counted apart. Needs
     * document.index or record.destroy; audited as a list of the patients shown.
     */
    public RetentionReport retention(LocalDate asOf, int limit) {
        return retention(asOf, limit, null);
    }

    /** The destruction list of one document type ({@code typeCode}; all types when null). */
    public RetentionReport retention(LocalDate asOf, int limit, String typeCode) {
        requireRetention();
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        int max = Math.max(1, Math.min(limit, 1000));
        List<Document> due = new java.util.ArrayList<>();
        long eligible = 0;
        long held = 0;
        List<DocumentType> types = documents.types();
        if (typeCode != null && !typeCode.isBlank()) {
            types = types.stream().filter(t -> t.code().equals(typeCode.strip())).toList();
            if (types.isEmpty()) throw new InvalidRequestException("typeCode", "No document type " + typeCode.strip());
        }
        for (DocumentType t : types) {
            Instant cutoff = day.minusYears(t.retentionYears()).atStartOfDay().toInstant(ZoneOffset.UTC);
            eligible += documents.countPastRetention(t.code(), cutoff, false);
            held += documents.countPastRetention(t.code(), cutoff, true);
            if (due.size() < max) due.addAll(documents.pastRetention(t.code(), cutoff, false, max - due.size()));
        }
        gate.list(DataCategory.CLINICAL_DOCUMENTS, RESOURCE, due.stream().map(Document::patientId).toList(),
                "retention report as of " + day);
        return new RetentionReport(day, eligible, held, due);
    }

    /** A certificate of destruction: what was destroyed, under which retention period, by whom, when and why. */
    public record Destruction(long id, long documentId, long patientId, String mrn, String typeCode, String typeName,
                              String title, Instant serviceAt, String contentSha256, int retentionYears,
                              Instant destroyedAt, String destroyedBy, String reason) {}

    /**
     * Destroys documents whose retention period has passed, all or none: each must be past its type's retention
     * period today and not on legal hold (a legal hold stops destruction; the row is locked, so a hold placed at the
     * same moment wins or waits). The document's row stays (other records refer to it) but leaves the chart; its text
     * and extracted text are erased, and after the commit its stored files are deleted where no other document or
     * waiting scan uses them. Each destruction leaves a certificate and an audit event (DELETE) for the patient.
     * Needs record.destroy.
     */
    @Transactional
    public List<Destruction> destroy(List<Long> documentIds, String reason) {
        if (!has(DESTROY)) {
            audit.record(AuditEntry.of(AuditAction.DELETE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource(RESOURCE, null).withDetail("refused: destruction needs record.destroy"));
            throw new AccessDeniedException("Destroying documents needs record.destroy");
        }
        if (documentIds == null || documentIds.isEmpty()) {
            throw new InvalidRequestException("documentIds", "Name the documents to destroy");
        }
        if (documentIds.size() > 1000) throw new InvalidRequestException("documentIds", "At most 1,000 documents at a time");
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new InvalidRequestException("reason", "Give the authority for the destruction (the retention schedule"
                    + " and its approval), at most 1,000 characters");
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Document> due = new java.util.ArrayList<>();
        for (long id : new java.util.LinkedHashSet<>(documentIds)) {
            DocumentRepository.DestructionCheck row = documents.lockForDestruction(id)
                    .orElseThrow(() -> new NotFoundException("No document " + id));
            if (row.destroyedAt() != null) {
                throw new InvalidRequestException("documentIds", "Document " + id + " was already destroyed on "
                        + LocalDate.ofInstant(row.destroyedAt(), ZoneOffset.UTC));
            }
            if (row.legalHold()) {
                throw new InvalidRequestException("documentIds", "Document " + id + " is on legal hold: a legal hold"
                        + " stops its destruction");
            }
            Document d = find(id);
            LocalDate keepUntil = LocalDate.ofInstant(d.serviceAt(), ZoneOffset.UTC).plusYears(d.retentionYears());
            if (!keepUntil.isBefore(today)) {
                throw new InvalidRequestException("documentIds", "Document " + id + " is kept until " + keepUntil
                        + " (its type's retention period is " + d.retentionYears() + " years)");
            }
            due.add(d);
        }
        java.util.Set<String> files = new java.util.LinkedHashSet<>();
        for (Document d : due) {
            gate.openChange(PatientAccess.of(AuditAction.DELETE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE,
                    d.id()), DESTROY, "destroyed under the retention schedule (" + d.retentionYears() + " years): "
                    + cut(reason.strip(), 300));
            List<String[]> hashes = documents.versionHashes(d.id());
            for (String[] h : hashes) if (h[1] != null) files.add(h[1]);
            String contentHashes = cut(String.join(",", hashes.stream().map(h -> h[0]).toList()), 2000);
            documents.destroy(d.id(), now);
            documents.insertCertificate(d, documents.mrn(d.patientId()), contentHashes, now, userId(), reason.strip());
        }
        // the files go only once the destruction has committed (a rollback keeps them), and only where nothing else
        // still uses them (the same content filed twice is stored once)
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        for (String sha : files) {
                            if (!documents.fileInUse(sha)) store.delete(sha);
                        }
                    }
                });
        java.util.Set<Long> ids = due.stream().map(Document::id).collect(java.util.stream.Collectors.toSet());
        return documents.destructions(Math.max(50, ids.size() * 2)).stream().filter(x -> ids.contains(x.documentId()))
                .toList();
    }

    /** The certificates of destruction, newest first. Needs document.index or record.destroy; audited as a list. */
    public List<Destruction> destructions(int limit) {
        if (!has(INDEX) && !has(DESTROY)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource("DocumentDestruction", null).withDetail("refused: needs document.index"));
            throw new AccessDeniedException("The certificates of destruction need document.index");
        }
        List<Destruction> list = documents.destructions(Math.max(1, Math.min(limit, 1000)));
        gate.list(DataCategory.CLINICAL_DOCUMENTS, "DocumentDestruction", list.stream().map(Destruction::patientId).toList(),
                "certificates of destruction");
        return list;
    }

    /**
     * Refuses (and records the refusal of) anyone who may neither see the destruction list (document.index) nor
     * destroy (record.destroy): the retention page and the list check it first.
     */
    public void requireRetention() {
        if (!has(INDEX) && !has(DESTROY)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource("RetentionReport", null).withDetail("refused: needs document.index or record.destroy"));
            throw new AccessDeniedException("Retention and destruction need document.index or record.destroy");
        }
    }

    /** Documents past their retention period on a day; {@code onLegalHold} of them are kept regardless. */
    public record RetentionReport(LocalDate asOf, long eligibleForDestruction, long onLegalHold,
                                  List<Document> documents) {}

    // ------------------------------------------------------------------ document types (administration)

    /** Adds or changes a document type. Needs document.types; audited as an administrative change. */
    @Transactional
    public DocumentType saveType(DocumentType t, Integer expectedVersion) {
        if (!has(TYPES)) {
            audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.DENIED)
                    .withResource("DocumentType", t.code()).withDetail("refused: needs document.types"));
            throw new AccessDeniedException("Configuring document types needs document.types");
        }
        String code = t.code() == null ? "" : t.code().strip().toLowerCase(Locale.ROOT);
        if (!code.matches("[a-z0-9][a-z0-9-]{1,39}")) {
            throw new InvalidRequestException("code", "Code is 2 to 40 lowercase letters, digits and hyphens");
        }
        if (t.name() == null || t.name().isBlank() || t.name().length() > 100) {
            throw new InvalidRequestException("name", "Name is required (at most 100 characters)");
        }
        String category = t.category() == null || t.category().isBlank() ? "other" : t.category().strip();
        if (category.length() > 40) throw new InvalidRequestException("category", "Category is at most 40 characters");
        if (t.retentionYears() < 1 || t.retentionYears() > 100) {
            throw new InvalidRequestException("retentionYears", "Retention is 1 to 100 years");
        }
        DocumentType clean = new DocumentType(code, t.name().strip(), category, t.signatureRequired(), t.active(),
                t.retentionYears(), t.sortOrder(), 0);
        boolean exists = documents.type(code).isPresent();
        if (expectedVersion == null) {
            if (exists) throw new InvalidRequestException("code", "A document type '" + code + "' already exists");
            documents.insertType(clean);
        } else if (documents.updateType(clean, expectedVersion) == 0) {
            if (!exists) throw new NotFoundException("No document type '" + code + "'");
            throw new StaleVersionException("Document type " + code, expectedVersion);
        }
        audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource("DocumentType", code).withDetail((expectedVersion == null ? "created: " : "changed: ")
                        + clean.name() + ", retention " + clean.retentionYears() + " years"
                        + (clean.signatureRequired() ? ", signature required" : "") + (clean.active() ? "" : ", inactive")));
        return documents.type(code).orElseThrow();
    }

    // ------------------------------------------------------------------ rules

    DocumentType activeType(String code) {
        if (code == null || code.isBlank()) throw new InvalidRequestException("typeCode", "Choose a document type");
        DocumentType type = documents.type(code.strip())
                .orElseThrow(() -> new InvalidRequestException("typeCode", "Unknown document type '" + code + "'"));
        if (!type.active()) throw new InvalidRequestException("typeCode", "Document type '" + code + "' is no longer in use");
        return type;
    }

    /** The encounter, if given, must be one of the patient's. */
    void checkEncounter(long patientId, Long encounterId) {
        if (encounterId == null) return;
        Encounter e;
        try {
            e = encounters.get(encounterId);
        } catch (NotFoundException ex) {
            throw new InvalidRequestException("encounterId", "No encounter " + encounterId);
        }
        if (e.patientId() != patientId) {
            throw new InvalidRequestException("encounterId", "Encounter " + encounterId + " is not one of this patient's");
        }
    }

    private Long author(Long requested, DocumentType type) {
        if (requested != null) {
            if (documents.provider(requested).isEmpty()) {
                throw new InvalidRequestException("authorProviderId", "No provider " + requested);
            }
            return requested;
        }
        Long mine = documents.providerOfUser(userId()).map(DocumentRepository.Provider::id).orElse(null);
        if (mine == null && type.signatureRequired()) {
            throw new InvalidRequestException("authorProviderId", "A " + type.name().toLowerCase(Locale.ROOT)
                    + " needs an author who signs it; name the author (provider)");
        }
        return mine;
    }

    private DocumentRepository.Provider myProvider(String what) {
        return documents.providerOfUser(userId()).orElseThrow(() -> new InvalidRequestException("author",
                "Your account is not linked to a provider, so you cannot " + what + " documents"));
    }

    /** A locked document never changes; the refused attempt is recorded (outcome FAILURE) and named. */
    private void requireDraft(Document d, String what) {
        if (d.locked()) {
            audit.record(new AuditEntry(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.FAILURE,
                    d.patientId(), RESOURCE, String.valueOf(d.id()), null, "refused " + what + ": the document is "
                    + d.status().label().toLowerCase(Locale.ROOT) + " and locked"));
            throw new InvalidRequestException("status", "Document " + d.id() + " is " + d.status().label().toLowerCase(Locale.ROOT)
                    + " and locked; it cannot change. Write an addendum or an amendment instead.");
        }
    }

    private RuntimeException refusedChange(long documentId, int expectedVersion) {
        Document now = find(documentId);
        if (now.locked()) {
            return new InvalidRequestException("status", "Document " + documentId + " is " + now.status().label()
                    .toLowerCase(Locale.ROOT) + " and locked; it cannot change. Write an addendum or an amendment instead.");
        }
        return new StaleVersionException("Document " + documentId, expectedVersion);
    }

    private void amendOriginal(Document d, Instant now) {
        if (d.parentId() != null && "amendment".equals(d.relation())) documents.markAmended(d.parentId(), now);
    }

    private void refuse(Document d, String what, String why) {
        audit.record(new AuditEntry(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED,
                d.patientId(), RESOURCE, String.valueOf(d.id()), null, "refused " + what + ": " + why));
    }

    /** Tells listeners (chart completion) what changed; they run after the commit. */
    private Document changed(Document d, String change) {
        events.publishEvent(new RecordChanged(d.id(), d.patientId(), d.encounterId(), change));
        return d;
    }

    Document find(long documentId) {
        return documents.find(documentId).orElseThrow(() -> new NotFoundException("No document " + documentId));
    }

    /** Entered-in-error documents exist only for HIM staff; to everyone else they are gone from the chart. */
    private Document visible(Document d) {
        if (d.enteredInError() && !seesErrors()) throw new NotFoundException("No document " + d.id());
        return d;
    }

    private boolean seesErrors() {
        return has(INDEX);
    }

    private boolean has(String permission) {
        return permissions.has(CurrentUser.require(), permission);
    }

    private static Long userId() {
        return CurrentUser.require().id();
    }

    /** Reads a version's content and checks it against its SHA-256; a mismatch is recorded and never served. */
    private DocumentContent verified(Document d, int versionNo) {
        gone(d);
        DocumentRepository.StoredVersion v = documents.version(d.id(), versionNo)
                .orElseThrow(() -> new NotFoundException("Document " + d.id() + " has no version " + versionNo));
        if (v.fileSha256() == null) {
            String body = v.body() == null ? "" : v.body();
            if (!ContentStore.sha256Hex(body.getBytes(StandardCharsets.UTF_8)).equals(v.contentSha256())) {
                throw integrityFailure(d, versionNo, "the stored text no longer matches its SHA-256");
            }
            return new DocumentContent(d, versionNo, body, null, "text/plain", null, v.contentSha256());
        }
        return switch (store.read(v.fileSha256())) {
            case ContentStore.Read.Ok ok -> new DocumentContent(d, versionNo, null, ok.bytes(), v.mediaType(),
                    v.fileName(), v.fileSha256());
            case ContentStore.Read.Missing m -> throw integrityFailure(d, versionNo, "the stored file is missing");
            case ContentStore.Read.Mismatch m -> throw integrityFailure(d, versionNo,
                    "the stored file no longer matches the SHA-256 recorded when it was filed");
        };
    }

    private IntegrityFailureException integrityFailure(Document d, int versionNo, String what) {
        audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.FAILURE, d.patientId(),
                RESOURCE, String.valueOf(d.id()), null, "integrity failure, version " + versionNo + ": " + what
                + "; not served"));
        log.warn("Integrity failure: document {} version {} failed its SHA-256 check and was not served", d.id(), versionNo);
        Instant now = clock.instant();
        if (documents.firstIntegrityFailure(d.id(), versionNo, now)) {
            queues.create(NewWorkItem.of("record-integrity", "Document", d.id(), d.patientId(),
                    "Integrity failure: document " + d.id() + " version " + versionNo,
                    "Its content failed the SHA-256 check (" + what + "). Restore it from backup and investigate.")
                    .withPriority(1), Actor.current());
        }
        return new IntegrityFailureException("Document " + d.id() + " (version " + versionNo + ") failed its integrity"
                + " check: " + what + ". It was not shown. The failure has been recorded and HIM has been notified.");
    }

    private static DocumentRepository.NewVersion textVersion(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // the chart search reads a text document's body itself; search_text holds text extracted from files
        return new DocumentRepository.NewVersion(body, null, null, "text/plain", bytes.length, null,
                ContentStore.sha256Hex(bytes), null);
    }

    private static String body(String body) {
        if (body == null || body.isBlank()) throw new InvalidRequestException("body", "The document has no text");
        if (body.length() > MAX_TEXT) {
            throw new InvalidRequestException("body", "The text is too long (at most " + MAX_TEXT + " characters)");
        }
        return body.replace("\r\n", "\n");
    }

    private static String title(String title, DocumentType type) {
        if (title == null || title.isBlank()) return type.name();
        if (title.length() > 200) throw new InvalidRequestException("title", "Title is too long (at most 200 characters)");
        return title.strip();
    }

    private static Instant serviceAt(Instant requested, Instant now) {
        if (requested == null) return now;
        if (requested.isAfter(now.plus(Duration.ofHours(1)))) {
            throw new InvalidRequestException("serviceAt", "The service time is in the future");
        }
        return requested;
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * The documents of many patients for an export (FHIR bulk export), metadata only, each patient's access recorded
     * as an export (all or none: a patient the user may not see refuses the batch); entered-in-error ones only for
     * HIM staff, as in the chart. Changed since {@code since} if given.
     */
    public List<Document> exportFor(List<Long> patientIds, Instant since) {
        if (patientIds.isEmpty()) return List.of();
        gate.openAll(patientIds.stream().map(id -> PatientAccess.of(AuditAction.EXPORT, DataCategory.CLINICAL_DOCUMENTS,
                id, RESOURCE, "patient/" + id)).toList());
        List<Document> out = new java.util.ArrayList<>();
        boolean errors = seesErrors();
        for (int i = 0; i < patientIds.size(); i += 1000) {
            out.addAll(documents.ofPatients(patientIds.subList(i, Math.min(patientIds.size(), i + 1000)), errors, since));
        }
        return out;
    }
}
