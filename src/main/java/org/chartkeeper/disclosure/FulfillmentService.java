package org.chartkeeper.disclosure;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
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
import org.chartkeeper.patient.PatientService;
import org.chartkeeper.record.ChartFilter;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.DocumentContent;
import org.chartkeeper.record.DocumentStatus;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkItemStatus;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fulfilling a release-of-information request: selecting the documents (minimum necessary where it applies),
 * holding sensitive ones for a specialist's review, redacting, building the release package (one PDF with cover
 * letter, Bates numbers, watermark and invoice, stored by its SHA-256), secure download links, delivery (which
 * records the disclosure for the accounting through {@link DisclosureService#recordRelease}; the recipient's first
 * download counts as the delivery) and the invoice's payment.
 * Every read or change passes the {@link AccessGate}; a download through a link is audited as DISCLOSE.
 */
@Service
public class FulfillmentService {

    public static final String REVIEW_QUEUE = "roi-sensitive-review";
    static final String RESOURCE = "ReleasePackage";
    /** How a package may reach the requester: every delivery intake offers (pickup is in person), and in-person. */
    static final Set<String> DELIVERY_METHODS = Set.of("secure-download", "mail", "fax", "pickup", "in-person", "email");
    static final Set<String> PAYMENT_STATUSES = Set.of("unpaid", "paid", "waived");
    static final String DEFAULT_NOTICE = "This record which has been disclosed to you is protected by federal"
            + " confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or"
            + " testimony that describes the information contained in this record, in any civil, criminal,"
            + " administrative, or legislative proceedings by any Federal, State, or local authority, against the"
            + " patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as"
            + " authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you"
            + " from making any other use or disclosure of this record unless at least one of the following applies:"
            + " (A) Further use or disclosure is expressly permitted by the written consent of the individual whose"
            + " information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. (B) You are a"
            + " covered entity or business associate and have received the record for treatment, payment, or health"
            + " care operations, or (C) You have received the record from a covered entity or business associate as"
            + " permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or"
            + " other information is NOT sufficient to meet the required elements of written consent to further use or"
            + " redisclose the record (see 42 CFR 2.31).";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FulfillmentRepository repository;
    private final DisclosureRepository requests;
    private final DisclosureService disclosures;
    private final ConsentService consents;
    private final RecordService records;
    private final EncounterService encounters;
    private final PatientService patients;
    private final WorkQueueService queues;
    private final PackageStore store;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final Clock clock;
    private final String batesPrefix;
    private final int linkDays;
    private final int linkDownloads;
    private final String notice;
    private final String facility;

    private final AmendmentService amendments;

    public FulfillmentService(FulfillmentRepository repository, DisclosureRepository requests,
                              DisclosureService disclosures, ConsentService consents, RecordService records,
                              EncounterService encounters, PatientService patients, WorkQueueService queues,
                              PackageStore store, AccessGate gate, AuditService audit, PermissionService permissions,
                              AmendmentService amendments, Clock clock,
                              @Value("${chartkeeper.roi.bates-prefix:CK-}") String batesPrefix,
                              @Value("${chartkeeper.roi.download-link-days:7}") int linkDays,
                              @Value("${chartkeeper.roi.download-link-max-downloads:3}") int linkDownloads,
                              @Value("${chartkeeper.roi.part2-redisclosure-notice:}") String notice,
                              @Value("${chartkeeper.roi.facility-name:Chartkeeper General Hospital}") String facility) {
        this.repository = repository;
        this.requests = requests;
        this.disclosures = disclosures;
        this.consents = consents;
        this.records = records;
        this.encounters = encounters;
        this.patients = patients;
        this.queues = queues;
        this.store = store;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.amendments = amendments;
        this.clock = clock;
        this.batesPrefix = batesPrefix;
        this.linkDays = linkDays;
        this.linkDownloads = linkDownloads;
        this.notice = notice == null || notice.isBlank() ? DEFAULT_NOTICE : notice.strip();
        this.facility = facility;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ reading

    /** The request's fulfillment: candidates from the chart, selection, reviews, package, links, invoice. Audited. */
    public Fulfillment view(long requestId) {
        RoiRequest r = request(requestId);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, r.patientId(), RESOURCE, requestId));
        Patient p = patients.open(r.patientId());
        List<Document> chart = releasable(r.patientId());
        Map<Long, ReleaseSelection> selected = repository.selection(requestId).stream()
                .collect(Collectors.toMap(ReleaseSelection::documentId, s -> s));
        Map<Long, Set<SensitiveCategory>> categories = categories(chart);
        Scope scope = scope(r);
        List<ReleaseCandidate> candidates = chart.stream()
                .sorted(Comparator.comparing(Document::serviceAt).thenComparing(Document::id))
                .map(d -> new ReleaseCandidate(d, scope.covers(d), categories.get(d.id()), selected.get(d.id())))
                .toList();
        var state = repository.findState(requestId).orElse(new FulfillmentRepository.State(requestId, null, null, 0));
        ReleasePackage pkg = repository.currentPackage(requestId).orElse(null);
        List<Delivery> deliveries = repository.deliveries(requestId);
        boolean held = selected.values().stream().anyMatch(s -> s.review().equals("held"));
        String stage = !deliveries.isEmpty() ? "delivered" : pkg != null ? "package built"
                : held ? "held for review" : !selected.isEmpty() ? "documents selected" : "selecting documents";
        boolean minimum = minimumNecessary(r);
        String note = minimum ? "Minimum necessary applies (45 CFR 164.502(b)): only documents within what the request"
                + " asked for (its encounters, dates and document types) can be released."
                : "Minimum necessary does not apply to " + (r.requesterType().patientAccess()
                ? "the patient's right of access" : "disclosures to a provider for treatment")
                + " (45 CFR 164.502(b)(2)): any document of the record may be released.";
        return new Fulfillment(r, new PatientCandidate(p.id(), p.mrn(), p.displayName(), p.birthDate(), null), minimum,
                note, candidates, repository.redactions(requestId), schedule(r, state.feeSchedule()),
                repository.schedules().stream().filter(FeeSchedule::active).toList(), pkg, repository.links(requestId),
                deliveries, repository.invoice(requestId).orElse(null),
                !consents.permitting(r.patientId(), "part2", r.requesterName(), today()).isEmpty(), stage,
                state.version());
    }

    /** The invoice of a request's package. Audited. */
    public Invoice invoice(long requestId) {
        RoiRequest r = request(requestId);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, r.patientId(), "Invoice", requestId));
        return repository.invoice(requestId).orElseThrow(() -> new NotFoundException("Request " + requestId
                + " has no invoice yet; build its package first"));
    }

    /** The current package's PDF, verified against its SHA-256. Audited (VIEW). */
    public PackageFile packageFile(long requestId) {
        RoiRequest r = request(requestId);
        ReleasePackage pkg = repository.currentPackage(requestId).orElseThrow(() -> new NotFoundException(
                "Request " + requestId + " has no package yet"));
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, r.patientId(), RESOURCE, pkg.id()));
        return new PackageFile(pkg, store.read(pkg.sha256()));
    }

    public record PackageFile(ReleasePackage pkg, byte[] pdf) {}

    /** How many pages a selected document has as it will be released (for marking regions). Audited. */
    public int pages(long requestId, long documentId) {
        try (PDDocument d = documentPages(requestId, documentId, false)) {
            return d.getNumberOfPages();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One page of a document as a PNG, with the redactions marked so far burned in. Audited. */
    public byte[] pageImage(long requestId, long documentId, int pageNo) {
        try (PDDocument d = documentPages(requestId, documentId, true)) {
            if (pageNo < 1 || pageNo > d.getNumberOfPages()) {
                throw new NotFoundException("Document " + documentId + " has no page " + pageNo);
            }
            var image = new PDFRenderer(d).renderImageWithDPI(pageNo - 1, 72, ImageType.RGB);
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private PDDocument documentPages(long requestId, long documentId, boolean redacted) throws java.io.IOException {
        RoiRequest r = request(requestId);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, r.patientId(), RESOURCE, requestId));
        Document d = records.get(documentId);
        if (d.patientId() != r.patientId()) {
            throw new NotFoundException("Document " + documentId + " is not in the record of this request's patient");
        }
        PDDocument doc = PackagePdf.partDocument(part(d, List.of()), new PDType1Font(Standard14Fonts.FontName.HELVETICA),
                new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
        if (redacted) {
            RedactionBurner.burn(doc, repository.redactions(requestId).stream()
                    .filter(x -> x.documentId() == documentId).toList());
        }
        return doc;
    }

    // ------------------------------------------------------------------ selection and review

    /**
     * Replaces the selection with these documents (released in service-date order). Minimum necessary: outside what
     * the request asked for is refused where it applies. Psychotherapy notes are refused under the right of access.
     * Sensitive documents are held for review (a work item in the roi pool); approvals already given are kept.
     */
    @Transactional
    public Fulfillment select(long requestId, int version, List<Long> documentIds) {
        RoiRequest r = changeable(requestId, "documents selected");
        if (documentIds == null) throw new InvalidRequestException("documentIds", "Tick the documents to release");
        List<Document> chart = releasable(r.patientId());
        Map<Long, Document> byId = chart.stream().collect(Collectors.toMap(Document::id, d -> d));
        Map<Long, Set<SensitiveCategory>> categories = categories(chart);
        Map<Long, ReleaseSelection> before = repository.selection(requestId).stream()
                .collect(Collectors.toMap(ReleaseSelection::documentId, s -> s));
        Scope scope = scope(r);
        boolean minimum = minimumNecessary(r);
        List<Document> chosen = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (Long id : documentIds) {
            if (id == null || !seen.add(id)) continue;
            Document d = byId.get(id);
            if (d == null) {
                throw new InvalidRequestException("documentIds", "Document " + id + " is not a releasable document of"
                        + " this patient's record");
            }
            if (minimum && !scope.covers(d)) {
                throw new InvalidRequestException("documentIds", "Document " + id + " (" + d.title() + ", "
                        + LocalDate.ofInstant(d.serviceAt(), ZoneOffset.UTC) + ") is outside what the request asked"
                        + " for; minimum necessary applies (45 CFR 164.502(b))");
            }
            if (categories.getOrDefault(id, Set.of()).contains(SensitiveCategory.PSYCHOTHERAPY)
                    && r.requesterType().patientAccess()) {
                throw new InvalidRequestException("documentIds", "Document " + id + " is a psychotherapy note: it is"
                        + " never released under the right of access (45 CFR 164.524(a)(1)(i))");
            }
            chosen.add(d);
        }
        touch(r, version);
        chosen.sort(Comparator.comparing(Document::serviceAt).thenComparing(Document::id));
        repository.clearSelection(requestId);
        Instant now = clock.instant();
        int position = 0;
        for (Document d : chosen) {
            Set<SensitiveCategory> c = categories.getOrDefault(d.id(), Set.of());
            ReleaseSelection prior = before.get(d.id());
            // a decision stands only for the categories it was made on: a new flag holds the document again
            String review = c.isEmpty() ? "none" : prior != null && prior.categories().equals(c)
                    && !prior.review().equals("none") ? prior.review() : "held";
            repository.select(requestId, d.id(), ++position, c, review, now, me());
            if (prior != null && !c.isEmpty() && review.equals(prior.review()) && !review.equals("held")) {
                repository.review(requestId, d.id(), review, prior.reviewNote(), now, me());
            }
        }
        syncReviewItem(r);
        return view(requestId);
    }

    /**
     * A specialist's decision on a held document: approve (released) or exclude (left out). Psychotherapy notes are
     * never approved under the right of access and otherwise need a psychotherapy-specific authorization on file;
     * Part 2 records need an active Part 2 consent naming the recipient (or any recipient) on file.
     */
    @Transactional
    public Fulfillment review(long requestId, int version, long documentId, String decision, String note) {
        RoiRequest r = changeable(requestId, "sensitive document reviewed");
        ReleaseSelection s = repository.selection(requestId).stream().filter(x -> x.documentId() == documentId)
                .findFirst().orElseThrow(() -> new InvalidRequestException("documentId", "Document " + documentId
                        + " is not selected for this request"));
        if (!s.sensitive()) {
            throw new InvalidRequestException("documentId", "Document " + documentId + " is not in a sensitive category;"
                    + " it needs no review");
        }
        String d = decision == null ? "" : decision.strip().toLowerCase(Locale.ROOT);
        String why = AuthorizationForm.text("note", note, 1000);
        if (d.equals("approve")) {
            if (why == null) throw new InvalidRequestException("note", "Say why the document may be released");
            checkReleasable(r, s.categories(), documentId);
        } else if (!d.equals("exclude")) {
            throw new InvalidRequestException("decision", "Decision is approve or exclude");
        }
        touch(r, version);
        repository.review(requestId, documentId, d.equals("approve") ? "approved" : "excluded",
                why == null ? "excluded" : why, clock.instant(), me());
        syncReviewItem(r);
        return view(requestId);
    }

    /** Every category's rule applies: a document in several categories must pass each of them. */
    private void checkReleasable(RoiRequest r, Set<SensitiveCategory> categories, long documentId) {
        for (SensitiveCategory c : categories) checkReleasable(r, c, documentId);
    }

    private void checkReleasable(RoiRequest r, SensitiveCategory category, long documentId) {
        LocalDate today = today();
        switch (category) {
            case PSYCHOTHERAPY -> {
                if (r.requesterType().patientAccess()) {
                    throw new InvalidRequestException("decision", "Document " + documentId + " is a psychotherapy note:"
                            + " never released under the right of access (45 CFR 164.524(a)(1)(i))");
                }
                if (consents.permitting(r.patientId(), "psychotherapy", r.requesterName(), today).isEmpty()) {
                    throw new InvalidRequestException("decision", "Psychotherapy notes need an authorization specific"
                            + " to them (45 CFR 164.508(a)(2)); record it as a psychotherapy consent for "
                            + r.requesterName());
                }
            }
            case PART2 -> {
                if (consents.permitting(r.patientId(), "part2", r.requesterName(), today).isEmpty()) {
                    throw new InvalidRequestException("decision", "No active 42 CFR Part 2 consent on file for a"
                            + " disclosure to " + r.requesterName() + "; Part 2 records are released only with one");
                }
            }
            default -> { }
        }
    }

    /** Marks a document sensitive (beyond its type). Audited as a change of the document's metadata. */
    @Transactional
    public void flag(long documentId, String category, String note) {
        SensitiveCategory c = SensitiveCategory.parse("category", category);
        Document d = records.get(documentId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(),
                "DocumentReference", documentId), DisclosureService.WORK, "flagged sensitive: " + c.code());
        repository.flag(documentId, c.code(), AuthorizationForm.text("note", note, 500), clock.instant(), me());
    }

    // ------------------------------------------------------------------ redactions

    /**
     * Whether {@code term} stands in the text of the document (any case, across line breaks): a term redaction can
     * only hide what is found. Audited as a view of the document.
     */
    public boolean inText(long requestId, long documentId, String term) {
        try (PDDocument d = documentPages(requestId, documentId, false)) {
            return RedactionBurner.missingTerms(d, List.of(term)).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Marks a region of a page (fractions from the top left) or a term to black out of a selected document. */
    @Transactional
    public Redaction redact(long requestId, int version, long documentId, Integer pageNo, Double x, Double y,
                            Double w, Double h, String term, String reason) {
        RoiRequest r = changeable(requestId, "redaction marked");
        if (repository.selection(requestId).stream().noneMatch(s -> s.documentId() == documentId)) {
            throw new InvalidRequestException("documentId", "Document " + documentId + " is not selected for this request");
        }
        String why = AuthorizationForm.text("reason", reason, 200);
        if (why == null) throw new InvalidRequestException("reason", "Say why this is redacted");
        String t = AuthorizationForm.text("term", term, 200);
        if (t != null) {
            if (pageNo != null || x != null) {
                throw new InvalidRequestException("term", "Give either a term or a region, not both");
            }
            if (t.length() < 2) throw new InvalidRequestException("term", "A term has at least 2 characters");
            if (!inText(requestId, documentId, t)) {
                throw new InvalidRequestException("term", "The term is not in the document's text (a page may be"
                        + " an image without text): mark the region on the page instead");
            }
        } else {
            if (pageNo == null) throw new InvalidRequestException("pageNo", "Give the page, or a term");
            int pages = pages(requestId, documentId);
            if (pageNo < 1 || pageNo > pages) {
                throw new InvalidRequestException("pageNo", "Document " + documentId + " has pages 1 to " + pages);
            }
            fraction("x", x, false);
            fraction("y", y, false);
            fraction("w", w, true);
            fraction("h", h, true);
            if (x + w > 1.0001) throw new InvalidRequestException("w", "The region runs past the right edge of the page");
            if (y + h > 1.0001) throw new InvalidRequestException("h", "The region runs past the bottom of the page");
        }
        touch(r, version);
        long id = repository.insertRedaction(requestId, documentId, t == null ? pageNo : null, t == null ? x : null,
                t == null ? y : null, t == null ? w : null, t == null ? h : null, t, why, clock.instant(), me());
        return repository.redactions(requestId).stream().filter(x1 -> x1.id() == id).findFirst().orElseThrow();
    }

    @Transactional
    public void removeRedaction(long requestId, int version, long redactionId) {
        RoiRequest r = changeable(requestId, "redaction removed");
        touch(r, version);
        if (!repository.deleteRedaction(requestId, redactionId)) {
            throw new NotFoundException("Request " + requestId + " has no redaction " + redactionId);
        }
    }

    private static void fraction(String field, Double v, boolean size) {
        if (v == null || v.isNaN() || v < 0 || v > 1 || (size && v <= 0)) {
            throw new InvalidRequestException(field, field + " is a fraction of the page between 0 and 1"
                    + (size ? " (above 0)" : ""));
        }
    }

    // ------------------------------------------------------------------ fees

    /** The fee schedules in use. */
    public List<FeeSchedule> schedules() {
        return repository.schedules();
    }

    static final Set<String> SCHEDULE_KINDS = Set.of("flat", "cost-based", "per-page", "none");

    /**
     * Changes a fee schedule (roi.manage): name, kind, amounts and whether it is offered. A cost-based schedule (the
     * patient's right of access) never carries a search fee (45 CFR 164.524(c)(4)). Refused when stale; audited as an
     * administrative change, a refusal too. Invoices already made keep their lines.
     */
    @Transactional
    public FeeSchedule updateSchedule(String code, int version, FeeSchedule changed) {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, DisclosureService.MANAGE)) {
            audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.DENIED)
                    .withResource("FeeSchedule", code).withDetail("refused: needs " + DisclosureService.MANAGE));
            throw new org.springframework.security.access.AccessDeniedException("Editing fee schedules needs "
                    + DisclosureService.MANAGE);
        }
        FeeSchedule old = repository.schedules().stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new NotFoundException("No fee schedule '" + code + "'"));
        if (changed == null) throw new InvalidRequestException("name", "Send the schedule");
        String name = AuthorizationForm.text("name", changed.name(), 200);
        if (name == null) throw new InvalidRequestException("name", "Name the schedule");
        String kind = changed.kind() == null ? "" : changed.kind().strip().toLowerCase(Locale.ROOT);
        if (!SCHEDULE_KINDS.contains(kind)) {
            throw new InvalidRequestException("kind", "Kind is one of " + new java.util.TreeSet<>(SCHEDULE_KINDS));
        }
        if (changed.firstPages() < 0 || changed.firstPages() > 100_000) {
            throw new InvalidRequestException("firstPages", "First pages is 0 to 100000");
        }
        java.math.BigDecimal flat = amount("flatAmount", changed.flatAmount());
        java.math.BigDecimal firstRate = amount("firstPageRate", changed.firstPageRate());
        java.math.BigDecimal rate = amount("pageRate", changed.pageRate());
        java.math.BigDecimal supplies = amount("suppliesPerPage", changed.suppliesPerPage());
        java.math.BigDecimal search = amount("searchFee", changed.searchFee());
        java.math.BigDecimal postage = amount("postage", changed.postage());
        if (kind.equals("cost-based") && search.signum() > 0) {
            throw new InvalidRequestException("searchFee", "A cost-based fee for the patient's own copy may not include"
                    + " a search or retrieval fee (45 CFR 164.524(c)(4))");
        }
        FeeSchedule clean = new FeeSchedule(old.code(), name, kind, flat, changed.firstPages(), firstRate, rate, supplies,
                search, postage, changed.active(), version);
        if (!repository.updateSchedule(clean, version)) throw new StaleVersionException("Fee schedule " + code, version);
        audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource("FeeSchedule", code).withDetail("changed: " + kind + ", flat " + flat + ", first "
                        + changed.firstPages() + " at " + firstRate + ", then " + rate + ", supplies " + supplies
                        + ", search " + search + ", postage " + postage + (changed.active() ? "" : ", withdrawn")));
        return repository.schedules().stream().filter(s -> s.code().equals(code)).findFirst().orElseThrow();
    }

    private static java.math.BigDecimal amount(String field, java.math.BigDecimal v) {
        if (v == null) return java.math.BigDecimal.ZERO.setScale(2);
        if (v.signum() < 0 || v.compareTo(new java.math.BigDecimal("99999999.99")) > 0 || v.stripTrailingZeros().scale() > 2) {
            throw new InvalidRequestException(field, "An amount in USD from 0 to 99999999.99, at most 2 decimals");
        }
        return v.setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    /** Chooses the fee schedule for the next build of the package. */
    @Transactional
    public Fulfillment chooseFeeSchedule(long requestId, int version, String code) {
        RoiRequest r = changeable(requestId, "fee schedule chosen");
        FeeSchedule s = repository.schedules().stream().filter(FeeSchedule::active)
                .filter(x -> x.code().equals(code == null ? "" : code.strip())).findFirst()
                .orElseThrow(() -> new InvalidRequestException("feeSchedule", "Unknown fee schedule '" + code
                        + "'; one of " + repository.schedules().stream().map(FeeSchedule::code).toList()));
        touch(r, version);
        repository.feeSchedule(requestId, s.code());
        return view(requestId);
    }

    /** Records the invoice's payment status: paid (with the date), waived (with the reason) or back to unpaid. */
    @Transactional
    public Invoice settle(long requestId, int version, String status, String paidOn, String note) {
        RoiRequest r = request(requestId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, r.patientId(), "Invoice",
                requestId), DisclosureService.WORK, "invoice " + status);
        Invoice inv = repository.invoice(requestId).orElseThrow(() -> new NotFoundException("Request " + requestId
                + " has no invoice yet; build its package first"));
        String s = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
        if (!PAYMENT_STATUSES.contains(s)) throw new InvalidRequestException("status", "Status is paid, waived or unpaid");
        String why = AuthorizationForm.text("note", note, 500);
        LocalDate paid = null;
        if (s.equals("paid")) {
            paid = AuthorizationForm.date("paidOn", paidOn);
            if (paid == null) paid = today();
            if (paid.isAfter(today())) throw new InvalidRequestException("paidOn", "The payment date is in the future");
        }
        if (s.equals("waived") && why == null) throw new InvalidRequestException("note", "Say why the fee is waived");
        if (!repository.settleInvoice(requestId, version, s, why, paid, clock.instant())) {
            throw new StaleVersionException("Invoice " + inv.invoiceNo(), version);
        }
        return repository.invoice(requestId).orElseThrow();
    }

    private FeeSchedule schedule(RoiRequest r, String chosen) {
        List<FeeSchedule> all = repository.schedules();
        String code = chosen != null ? chosen : defaultSchedule(r);
        return all.stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseGet(() -> all.stream().filter(s -> s.kind().equals("none")).findFirst().orElseThrow());
    }

    static String defaultSchedule(RoiRequest r) {
        if (r.requesterType().patientAccess()) {
            return r.format().equals("paper") ? "patient-cost-based" : "patient-electronic-flat";
        }
        return switch (r.requesterType()) {
            case PROVIDER, GOVERNMENT, LAW_ENFORCEMENT -> "no-charge";
            default -> "state-third-party";
        };
    }

    // ------------------------------------------------------------------ the package

    /**
     * Builds the release package: every selected document not excluded, with its redactions burned in; the Part 2
     * redisclosure notice when a Part 2 record is released; the invoice. Refused while a document is held for
     * review. Each document read is audited; the build is audited (PRINT).
     */
    @Transactional
    public ReleasePackage build(long requestId, int version) {
        RoiRequest r = changeable(requestId, "package built");
        List<ReleaseSelection> selection = repository.selection(requestId);
        if (selection.isEmpty()) throw new InvalidRequestException("documentIds", "Select the documents to release first");
        List<ReleaseSelection> held = selection.stream().filter(s -> s.review().equals("held")).toList();
        if (!held.isEmpty()) {
            throw new InvalidRequestException("review", held.size() + " sensitive document(s) are held for review: "
                    + held.stream().map(s -> s.documentId() + " (" + s.categoriesLabel() + ")")
                    .collect(Collectors.joining(", ")));
        }
        List<ReleaseSelection> released = selection.stream().filter(ReleaseSelection::released).toList();
        if (released.isEmpty()) throw new InvalidRequestException("documentIds", "Every selected document is excluded");
        for (ReleaseSelection s : released) {
            checkReleasable(r, s.categories(), s.documentId()); // consents may have been revoked
        }
        touch(r, version);
        gate.open(PatientAccess.of(AuditAction.PRINT, DataCategory.DISCLOSURES, r.patientId(), RESOURCE, requestId));
        Patient p = patients.open(r.patientId());
        Map<Long, List<Redaction>> redactions = repository.redactions(requestId).stream()
                .collect(Collectors.groupingBy(Redaction::documentId));
        List<PackagePdf.Part> parts = new ArrayList<>();
        // a released document carries its amendment record (45 CFR 164.526(c)(3), (d)(4)-(5)): an accepted
        // amendment, or the patient's request, our denial, the statement of disagreement and our rebuttal
        List<Long> releasedIds = released.stream().map(ReleaseSelection::documentId).toList();
        Map<Long, List<AmendmentStatement>> statements = amendments.linkedStatements(r.patientId(), releasedIds).stream()
                .collect(Collectors.groupingBy(AmendmentStatement::documentId, LinkedHashMap::new, Collectors.toList()));
        for (ReleaseSelection s : released) {
            Document d = records.get(s.documentId());
            parts.add(part(d, redactions.getOrDefault(d.id(), List.of())));
            List<AmendmentStatement> linked = statements.get(d.id());
            if (linked == null) continue;
            StringBuilder text = new StringBuilder();
            for (AmendmentStatement a : linked) {
                text.append(a.dated() == null ? "" : a.dated() + "  ").append(switch (a.kind()) {
                    case ACCEPTED_AMENDMENT -> "Amendment accepted";
                    case REQUEST -> "The patient's request to amend";
                    case DENIAL -> "Our denial";
                    case DISAGREEMENT -> "The patient's statement of disagreement";
                    case REBUTTAL -> "Our rebuttal";
                }).append("\n").append(a.text()).append("\n\n");
            }
            parts.add(new PackagePdf.Part("Amendment record of " + d.title(),
                    List.of("Linked to document " + d.id() + " (45 CFR 164.526); released with it"), text.toString().strip(),
                    null, null, List.of()));
            for (AmendmentStatement a : linked) {
                if (a.amendmentDocumentId() != null && !releasedIds.contains(a.amendmentDocumentId())) {
                    parts.add(part(records.get(a.amendmentDocumentId()), List.of()));
                }
            }
        }
        boolean part2 = released.stream().anyMatch(s -> s.categories().contains(SensitiveCategory.PART2));
        var state = repository.state(requestId, clock.instant());
        FeeSchedule schedule = schedule(r, state.feeSchedule());
        String invoiceNo = "INV-" + r.requestNo().replaceAll("\\D", "");
        LocalDate today = today();
        boolean mailed = r.delivery().equals("mail");
        String watermark = "Released to " + r.requesterName() + " on " + today + " - " + r.requestNo();
        List<String> top = new ArrayList<>(List.of(facility, "Health Information Management - Release of Information", "",
                today.toString(), "", r.requesterName()));
        if (r.requesterAddress() != null) top.addAll(List.of(r.requesterAddress().split("\\R")));
        top.addAll(List.of("", "Re: request " + r.requestNo() + " received " + r.receivedOn() + " for the records of "
                        + p.displayName() + " (born " + p.birthDate() + ", MRN " + p.mrn() + ")", "",
                "Purpose: " + r.purpose(), "",
                "Enclosed are the records released in answer to your request, in this order:", ""));
        int redactionCount = released.stream().mapToInt(s -> redactions.getOrDefault(s.documentId(), List.of()).size()).sum();
        List<String> bottom = new ArrayList<>();
        bottom.add("");
        if (redactionCount > 0) bottom.add("Information not released has been removed from the marked pages (redacted).");
        if (part2) {
            bottom.add("Some of these records are protected by 42 CFR Part 2 and are disclosed with the patient's"
                    + " written consent; the notice that follows this letter prohibits their redisclosure.");
        }
        bottom.add("Every page carries a Bates number (" + batesPrefix + "...) and names you as the recipient.");
        bottom.add("The invoice for this request (" + invoiceNo + ") is the last page.");
        bottom.addAll(List.of("", "Release of Information Specialist", facility));
        List<FeeLine>[] fees = new List[1];
        PackagePdf.Spec spec = new PackagePdf.Spec(top, bottom, parts, part2 ? notice : null, pages -> {
            fees[0] = schedule.charge(pages, mailed);
            List<String> lines = new ArrayList<>(List.of("Invoice " + invoiceNo, "Date: " + today,
                    "Bill to: " + r.requesterName(), "Request: " + r.requestNo() + " (records of " + p.displayName() + ")",
                    "Fee schedule: " + schedule.name(), "Record pages: " + pages, ""));
            for (FeeLine l : fees[0]) lines.add(String.format(Locale.ROOT, "%-70s %10s USD", l.label(), l.amount()));
            lines.add(String.format(Locale.ROOT, "%-70s %10s USD", "Total", FeeSchedule.total(fees[0])));
            lines.add("");
            lines.add("Please quote " + invoiceNo + " with your payment.");
            return lines;
        }, watermark, batesPrefix + r.requestNo() + "-");
        PackagePdf.Rendered pdf = PackagePdf.render(spec);
        String sha = store.put(pdf.pdf());
        Instant now = clock.instant();
        String contents = released.stream().map(s -> records.get(s.documentId()).title())
                .collect(Collectors.joining("; "));
        if (contents.length() > 1000) contents = contents.substring(0, 997) + "...";
        long id = repository.insertPackage(requestId, sha, pdf.pdf().length, pdf.pages(), pdf.recordPages(),
                pdf.batesFirst(), pdf.batesLast(), watermark, part2, parts.size(), redactionCount, contents, now, me());
        repository.upsertInvoice(invoiceNo, requestId, id, schedule.code(), pdf.recordPages(), fees[0],
                FeeSchedule.total(fees[0]), now);
        return repository.findPackage(id).orElseThrow();
    }

    private PackagePdf.Part part(Document d, List<Redaction> redactions) {
        DocumentContent c = records.content(d.id(), null);
        List<String> header = List.of("Type: " + d.typeName() + "   Service date: "
                        + LocalDate.ofInstant(d.serviceAt(), ZoneOffset.UTC) + "   Document " + d.id(),
                d.authorName() == null ? "" : "Author: " + d.authorName()
                        + (d.signedAt() == null ? "" : "   Signed " + LocalDate.ofInstant(d.signedAt(), ZoneOffset.UTC)));
        String heading = d.title() + " (" + LocalDate.ofInstant(d.serviceAt(), ZoneOffset.UTC) + ")";
        return d.isFile() ? new PackagePdf.Part(heading, header, null, c.bytes(), c.mediaType(), redactions)
                : new PackagePdf.Part(heading, header, c.text(), null, null, redactions);
    }

    // ------------------------------------------------------------------ links and delivery

    /** Makes a secure download link of the current package; the token is shown once. Audited. */
    @Transactional
    public ReleaseLink.Issued link(long requestId, Integer days, Integer maxDownloads) {
        RoiRequest r = request(requestId);
        requireOpen(r);
        ReleasePackage pkg = repository.currentPackage(requestId).orElseThrow(() -> new InvalidRequestException(
                "package", "Build the package first"));
        int d = days == null ? linkDays : days;
        int max = maxDownloads == null ? linkDownloads : maxDownloads;
        if (d < 1 || d > 90) throw new InvalidRequestException("days", "A link lasts 1 to 90 days");
        if (max < 1 || max > 10) throw new InvalidRequestException("maxDownloads", "A link allows 1 to 10 downloads");
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, r.patientId(), "ReleaseLink",
                pkg.id()), DisclosureService.WORK, "secure download link made");
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        long id = repository.insertLink(pkg.id(), PackageStore.sha256Hex(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                now.plus(Duration.ofDays(d)), max, now, me());
        return new ReleaseLink.Issued(repository.link(id).orElseThrow(), token, "/release/download/" + token);
    }

    @Transactional
    public void revokeLink(long requestId, long linkId) {
        RoiRequest r = request(requestId);
        if (repository.links(requestId).stream().noneMatch(l -> l.id() == linkId)) {
            throw new NotFoundException("Request " + requestId + " has no link " + linkId);
        }
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, r.patientId(), "ReleaseLink",
                linkId), DisclosureService.WORK, "secure download link revoked");
        repository.revokeLink(linkId, clock.instant());
    }

    /** What the recipient's landing page may show about a link: nothing about the patient. */
    public record LinkStatus(boolean usable, Instant expiresAt, int downloadsLeft, String packageNo, int pages) {}

    /** The link's state for the landing page (no patient data). Unknown tokens: 404, audited. */
    public LinkStatus linkStatus(String token) {
        ReleaseLink link = linkFor(token);
        ReleasePackage pkg = repository.findPackage(link.packageId()).orElseThrow();
        return new LinkStatus(link.usable(clock.instant()) && pkg.current(), link.expiresAt(),
                Math.max(0, link.maxDownloads() - link.downloads()), pkg.packageNo(), pkg.pageCount());
    }

    /**
     * The recipient downloads the package through the link (no sign-in: the token is the credential). Counted and
     * audited as DISCLOSE; an unknown token is 404 and an expired, used-up or revoked link 410, both audited.
     */
    @Transactional(noRollbackFor = {ReleaseLinkGoneException.class, NotFoundException.class})
    public PackageFile download(String token) {
        ReleaseLink link = linkFor(token);
        ReleasePackage pkg = repository.findPackage(link.packageId()).orElseThrow();
        RoiRequest r = request(pkg.requestId());
        AuditEntry entry = new AuditEntry(AuditAction.DISCLOSE, DataCategory.DISCLOSURES, AuditOutcome.SUCCESS,
                r.patientId(), RESOURCE, String.valueOf(pkg.id()), null, null);
        Instant now = clock.instant();
        // a rebuilt package supersedes the one the link was made for: its links stop working
        String gone = link.revokedAt() != null || !pkg.current() ? "revoked" : !now.isBefore(link.expiresAt())
                ? "expired" : link.downloads() >= link.maxDownloads() ? "used up" : null;
        if (gone == null && !repository.countDownload(link.id(), now)) gone = "used up";
        if (gone != null) {
            audit.record(entry.withOutcome(AuditOutcome.DENIED).withDetail("secure download link " + link.id() + " "
                    + gone));
            throw new ReleaseLinkGoneException("This download link has " + (gone.equals("used up")
                    ? "been used as many times as it allows" : gone.equals("expired") ? "expired" : "been withdrawn")
                    + ". Please ask the Release of Information office for a new link.");
        }
        byte[] pdf = store.read(pkg.sha256());
        audit.record(entry.withDetail("downloaded through secure link " + link.id() + " (" + (link.downloads() + 1)
                + " of " + link.maxDownloads() + ") by " + r.requesterName()));
        recordFirstDownload(r.id(), pkg, link, now);
        return new PackageFile(pkg, pdf);
    }

    /**
     * The recipient's first successful download is the delivery: it is recorded (method secure-download, today) and
     * releases the request, which records the disclosure for the accounting. Exactly once: later downloads, and a
     * download after a delivery recorded by hand, change nothing (both paths take the fulfillment row's lock first).
     */
    private void recordFirstDownload(long requestId, ReleasePackage pkg, ReleaseLink link, Instant now) {
        repository.lock(requestId, now);
        RoiRequest r = request(requestId);
        if (r.status() != RoiStatus.IN_PROGRESS || !repository.deliveries(requestId).isEmpty()) return;
        LocalDate on = today();
        repository.insertDelivery(requestId, pkg.id(), "secure-download", on, "first download by the recipient through"
                + " secure link " + link.id(), now, null);
        disclosures.recordDownloadRelease(requestId, on, description(pkg, "secure-download", pkg.contents()),
                Actor.current());
    }

    private static String description(ReleasePackage pkg, String method, String contents) {
        String description = "Release package " + pkg.packageNo() + " (" + pkg.recordPages() + " record pages, Bates "
                + pkg.batesFirst() + " to " + pkg.batesLast() + ") by " + method
                + (contents == null || contents.isBlank() ? "" : ": " + contents);
        return description.length() > 1000 ? description.substring(0, 997) + "..." : description;
    }

    private ReleaseLink linkFor(String token) {
        ReleaseLink link = token != null && TOKEN.matcher(token).matches()
                ? repository.linkByToken(PackageStore.sha256Hex(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .orElse(null) : null;
        if (link == null) {
            audit.record(new AuditEntry(AuditAction.DISCLOSE, DataCategory.DISCLOSURES, AuditOutcome.NOT_FOUND, null,
                    RESOURCE, null, null, "download with an unknown link token"));
            throw new NotFoundException("No such download link");
        }
        return link;
    }

    /**
     * Records the delivery (method and date) of the current package; this releases the request, which records the
     * disclosure for the accounting (recipient, address, description of the package, purpose).
     */
    @Transactional
    public Delivery deliver(long requestId, int version, String method, String deliveredOn, String note) {
        RoiRequest r = changeable(requestId, "package delivered");
        String m = method == null ? "" : method.strip().toLowerCase(Locale.ROOT);
        if (!DELIVERY_METHODS.contains(m)) {
            throw new InvalidRequestException("method", "Method is one of " + new java.util.TreeSet<>(DELIVERY_METHODS));
        }
        LocalDate on = AuthorizationForm.date("deliveredOn", deliveredOn);
        if (on == null) on = today();
        if (on.isAfter(today())) throw new InvalidRequestException("deliveredOn", "The delivery date is in the future");
        ReleasePackage pkg = repository.currentPackage(requestId).orElseThrow(() -> new InvalidRequestException(
                "package", "Build the package first"));
        if (m.equals("secure-download") && repository.links(requestId).stream()
                .noneMatch(l -> l.packageId() == pkg.id())) {
            throw new InvalidRequestException("method", "Make a secure download link of the package first");
        }
        touch(r, version);
        if (!repository.deliveries(requestId).isEmpty()) {
            throw new InvalidRequestException("method", "The package of " + r.requestNo() + " was already delivered");
        }
        String what = AuthorizationForm.text("note", note, 500);
        long id = repository.insertDelivery(requestId, pkg.id(), m, on, what, clock.instant(), me());
        String contents = pkg.contents();
        if (contents == null) {
            List<String> titles = new ArrayList<>();
            for (ReleaseSelection s : repository.selection(requestId)) {
                if (s.released()) titles.add(records.get(s.documentId()).title());
            }
            contents = String.join("; ", titles);
        }
        String description = description(pkg, m, contents);
        RoiRequest fresh = request(requestId);
        disclosures.recordRelease(requestId, fresh.version(), on, description);
        return repository.deliveries(requestId).stream().filter(x -> x.id() == id).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ helpers

    private record Scope(Set<String> types, LocalDate from, LocalDate to, Set<String> encounters,
                         Map<Long, String> accounts) {
        boolean covers(Document d) {
            LocalDate day = LocalDate.ofInstant(d.serviceAt(), ZoneOffset.UTC);
            if (!types.isEmpty() && !types.contains(d.typeCode())) return false;
            if (from != null && day.isBefore(from)) return false;
            if (to != null && day.isAfter(to)) return false;
            if (!encounters.isEmpty()) {
                if (d.encounterId() == null) return false;
                String account = accounts.get(d.encounterId());
                return encounters.contains(String.valueOf(d.encounterId()))
                        || account != null && encounters.contains(account.toLowerCase(Locale.ROOT));
            }
            return true;
        }
    }

    private Scope scope(RoiRequest r) {
        Set<String> types = tokens(r.askedDocumentTypes());
        Set<String> asked = tokens(r.askedEncounters());
        Map<Long, String> accounts = new HashMap<>();
        if (!asked.isEmpty()) {
            for (Encounter e : encounters.forPatient(r.patientId())) accounts.put(e.id(), e.accountNumber());
        }
        return new Scope(types, r.askedFrom(), r.askedTo(), asked, accounts);
    }

    private static Set<String> tokens(String text) {
        if (text == null || text.isBlank()) return Set.of();
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[,;\\s]+")).filter(s -> !s.isBlank())
                .collect(Collectors.toSet());
    }

    static boolean minimumNecessary(RoiRequest r) {
        return !r.requesterType().patientAccess() && r.requesterType() != RequesterType.PROVIDER;
    }

    /** The chart's documents that can be released: not drafts, not entered in error. */
    private List<Document> releasable(long patientId) {
        return records.chart(patientId, ChartFilter.ALL).stream()
                .filter(d -> d.status() != DocumentStatus.DRAFT && !d.enteredInError()).toList();
    }

    /**
     * Each document's sensitive categories: the union of its type's category and every flag set by hand. A flag only
     * adds: it never replaces (downgrades) the category of the type, and no flag is dropped.
     */
    private Map<Long, Set<SensitiveCategory>> categories(List<Document> docs) {
        Map<String, String> byType = repository.typeCategories();
        Map<Long, List<String>> flags = repository.flags(docs.stream().map(Document::id).toList());
        Map<Long, Set<SensitiveCategory>> out = new LinkedHashMap<>();
        for (Document d : docs) {
            Set<SensitiveCategory> c = java.util.EnumSet.noneOf(SensitiveCategory.class);
            String typed = byType.get(d.typeCode());
            if (typed != null) c.add(SensitiveCategory.ofCode(typed));
            for (String f : flags.getOrDefault(d.id(), List.of())) c.add(SensitiveCategory.ofCode(f));
            if (!c.isEmpty()) out.put(d.id(), SensitiveCategory.copy(c));
        }
        return out;
    }

    private void syncReviewItem(RoiRequest r) {
        var state = repository.state(r.id(), clock.instant());
        boolean held = repository.selection(r.id()).stream().anyMatch(s -> s.review().equals("held"));
        WorkItem item = state.reviewWorkItemId() == null ? null : queues.detail(state.reviewWorkItemId()).item();
        boolean active = item != null && item.status().active();
        if (held && !active) {
            WorkItem created = queues.create(NewWorkItem.of(REVIEW_QUEUE, DisclosureService.RESOURCE, r.id(),
                    r.patientId(), "Sensitive records in " + r.requestNo(), "Approve or exclude the sensitive documents"
                            + " selected for " + r.requesterName()), Actor.current());
            repository.reviewWorkItem(r.id(), created.id());
        } else if (!held && active) {
            if (item.status() == WorkItemStatus.OPEN && item.poolRole() != null
                    && CurrentUser.require().roles().contains(item.poolRole())) {
                item = queues.claim(item.id(), item.version());
            }
            if (item.status() == WorkItemStatus.IN_PROGRESS && Objects.equals(item.assigneeId(), me())) {
                queues.complete(item.id(), item.version(), "Every sensitive document reviewed", null);
            }
        }
    }

    private RoiRequest changeable(long requestId, String detail) {
        RoiRequest r = request(requestId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, r.patientId(),
                DisclosureService.RESOURCE, requestId), DisclosureService.WORK, detail);
        requireOpen(r);
        if (r.status() != RoiStatus.IN_PROGRESS) {
            throw new InvalidRequestException("status", "Request " + r.requestNo() + " is " + r.status().code()
                    + "; start work on it before fulfilling it");
        }
        return r;
    }

    private void touch(RoiRequest r, int version) {
        repository.state(r.id(), clock.instant());
        if (!repository.touch(r.id(), version, clock.instant())) {
            throw new StaleVersionException("Fulfillment of request " + r.requestNo(), version);
        }
    }

    private static void requireOpen(RoiRequest r) {
        if (!r.status().open()) {
            throw new InvalidRequestException("status", "Request " + r.requestNo() + " is " + r.status().code()
                    + "; it can no longer change");
        }
    }

    private RoiRequest request(long requestId) {
        return requests.find(requestId).orElseThrow(() -> new NotFoundException("No request " + requestId));
    }

    private static Long me() {
        return CurrentUser.require().id();
    }
}
