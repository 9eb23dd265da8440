package org.chartkeeper.disclosure;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fulfillment of release-of-information requests as JSON: selection, sensitive review, redactions, fee schedule,
 * package build and download, secure links, delivery, invoice and payment.
 */
@RestController
class FulfillmentApi {

    private final FulfillmentService fulfillment;

    FulfillmentApi(FulfillmentService fulfillment) {
        this.fulfillment = fulfillment;
    }

    record SelectionBody(Integer version, List<Long> documentIds) {}

    record ReviewBody(Integer version, String decision, String note) {}

    record FlagBody(String category, String note) {}

    record RedactionBody(Integer version, Long documentId, Integer pageNo, Double x, Double y, Double w, Double h,
                         String term, String reason) {}

    record FeeBody(Integer version, String code) {}

    record VersionBody(Integer version) {}

    record LinkBody(Integer days, Integer maxDownloads) {}

    record DeliveryBody(Integer version, String method, String deliveredOn, String note) {}

    record PaymentBody(Integer version, String status, String paidOn, String note) {}

    record CandidateJson(long documentId, String title, String typeCode, LocalDate serviceDate, Long encounterId,
                         String kind, boolean inScope, List<String> sensitiveCategories, boolean selected, Integer position,
                         String review, String reviewNote) {

        static CandidateJson of(ReleaseCandidate c) {
            var d = c.document();
            var s = c.selection();
            return new CandidateJson(d.id(), d.title(), d.typeCode(), LocalDate.ofInstant(d.serviceAt(), ZoneOffset.UTC),
                    d.encounterId(), d.kind(), c.inScope(), c.categories().stream().map(SensitiveCategory::code).toList(),
                    s != null, s == null ? null : s.position(), s == null ? null : s.review(),
                    s == null ? null : s.reviewNote());
        }
    }

    record FulfillmentJson(long requestId, String requestNo, long patientId, String requestStatus, String stage,
                           int version, boolean minimumNecessary, String minimumNecessaryNote,
                           boolean part2ConsentOnFile, String feeSchedule, List<CandidateJson> candidates,
                           List<Redaction> redactions, ReleasePackage currentPackage, List<ReleaseLink> links,
                           List<Delivery> deliveries, Invoice invoice) {

        static FulfillmentJson of(Fulfillment f) {
            return new FulfillmentJson(f.request().id(), f.request().requestNo(), f.request().patientId(),
                    f.request().status().code(), f.stage(), f.version(), f.minimumNecessary(), f.minimumNecessaryNote(),
                    f.part2ConsentOnFile(), f.feeSchedule().code(),
                    f.candidates().stream().map(CandidateJson::of).toList(), f.redactions(), f.currentPackage(),
                    f.links(), f.deliveries(), f.invoice());
        }
    }

    record IssuedJson(String token, String url, ReleaseLink link) {}

    @PatientData
    @GetMapping("/api/roi/requests/{requestId}/fulfillment")
    FulfillmentJson get(@PathVariable long requestId) {
        return FulfillmentJson.of(fulfillment.view(requestId));
    }

    @PatientData
    @PutMapping("/api/roi/requests/{requestId}/selection")
    FulfillmentJson select(@PathVariable long requestId, @RequestBody SelectionBody body) {
        if (body == null) throw new InvalidRequestException("documentIds", "Send the version and the documentIds");
        return FulfillmentJson.of(fulfillment.select(requestId, RoiApi.version(body.version()), body.documentIds()));
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/selection/{documentId}/review")
    FulfillmentJson review(@PathVariable long requestId, @PathVariable long documentId, @RequestBody ReviewBody body) {
        if (body == null) throw new InvalidRequestException("decision", "Send the version, decision and note");
        return FulfillmentJson.of(fulfillment.review(requestId, RoiApi.version(body.version()), documentId,
                body.decision(), body.note()));
    }

    @PatientData
    @PostMapping("/api/roi/documents/{documentId}/sensitive-flags")
    ResponseEntity<Void> flag(@PathVariable long documentId, @RequestBody FlagBody body) {
        if (body == null) throw new InvalidRequestException("category", "Send the category");
        fulfillment.flag(documentId, body.category(), body.note());
        return ResponseEntity.noContent().build();
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/redactions")
    ResponseEntity<Redaction> redact(@PathVariable long requestId, @RequestBody RedactionBody body) {
        if (body == null) throw new InvalidRequestException("documentId", "Send the redaction");
        if (body.documentId() == null) throw new InvalidRequestException("documentId", "Give the document");
        Redaction r = fulfillment.redact(requestId, RoiApi.version(body.version()), body.documentId(), body.pageNo(),
                body.x(), body.y(), body.w(), body.h(), body.term(), body.reason());
        return ResponseEntity.created(URI.create("/api/roi/requests/" + requestId + "/redactions/" + r.id())).body(r);
    }

    @PatientData
    @DeleteMapping("/api/roi/requests/{requestId}/redactions/{redactionId}")
    ResponseEntity<Void> unredact(@PathVariable long requestId, @PathVariable long redactionId,
                                  @RequestParam(required = false) Integer version) {
        fulfillment.removeRedaction(requestId, RoiApi.version(version), redactionId);
        return ResponseEntity.noContent().build();
    }

    @PatientData
    @PutMapping("/api/roi/requests/{requestId}/fee-schedule")
    FulfillmentJson fee(@PathVariable long requestId, @RequestBody FeeBody body) {
        if (body == null) throw new InvalidRequestException("code", "Send the version and code");
        return FulfillmentJson.of(fulfillment.chooseFeeSchedule(requestId, RoiApi.version(body.version()), body.code()));
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/package")
    ResponseEntity<ReleasePackage> build(@PathVariable long requestId, @RequestBody VersionBody body) {
        ReleasePackage p = fulfillment.build(requestId, RoiApi.version(body == null ? null : body.version()));
        return ResponseEntity.created(URI.create("/api/roi/requests/" + requestId + "/package.pdf")).body(p);
    }

    @PatientData
    @GetMapping("/api/roi/requests/{requestId}/package.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long requestId) {
        return pdfResponse(fulfillment.packageFile(requestId));
    }

    static ResponseEntity<byte[]> pdfResponse(FulfillmentService.PackageFile f) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(f.pkg().packageNo() + ".pdf").build().toString())
                .header("X-Content-SHA256", f.pkg().sha256())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(f.pdf());
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/links")
    ResponseEntity<IssuedJson> link(@PathVariable long requestId, @RequestBody(required = false) LinkBody body) {
        ReleaseLink.Issued issued = fulfillment.link(requestId, body == null ? null : body.days(),
                body == null ? null : body.maxDownloads());
        return ResponseEntity.status(201).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new IssuedJson(issued.token(), issued.path(), issued.link()));
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/links/{linkId}/revoke")
    ResponseEntity<Void> revoke(@PathVariable long requestId, @PathVariable long linkId) {
        fulfillment.revokeLink(requestId, linkId);
        return ResponseEntity.noContent().build();
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/deliveries")
    ResponseEntity<Delivery> deliver(@PathVariable long requestId, @RequestBody DeliveryBody body) {
        if (body == null) throw new InvalidRequestException("method", "Send the version, method and date");
        Delivery d = fulfillment.deliver(requestId, RoiApi.version(body.version()), body.method(), body.deliveredOn(),
                body.note());
        return ResponseEntity.status(201).body(d);
    }

    @PatientData
    @GetMapping("/api/roi/requests/{requestId}/invoice")
    Invoice invoice(@PathVariable long requestId) {
        return fulfillment.invoice(requestId);
    }

    @PatientData
    @PutMapping("/api/roi/requests/{requestId}/invoice/payment")
    Invoice pay(@PathVariable long requestId, @RequestBody PaymentBody body) {
        if (body == null) throw new InvalidRequestException("status", "Send the version and status");
        return fulfillment.settle(requestId, RoiApi.version(body.version()), body.status(), body.paidOn(), body.note());
    }

    @NoPatientData
    @GetMapping("/api/roi/fee-schedules")
    List<FeeSchedule> schedules() {
        return fulfillment.schedules();
    }

    record ScheduleBody(Integer version, String name, String kind, java.math.BigDecimal flatAmount, Integer firstPages,
                        java.math.BigDecimal firstPageRate, java.math.BigDecimal pageRate,
                        java.math.BigDecimal suppliesPerPage, java.math.BigDecimal searchFee,
                        java.math.BigDecimal postage, Boolean active) {}

    /** Changes a fee schedule (roi.manage); the body carries the whole schedule and the version seen. */
    @NoPatientData
    @org.springframework.web.bind.annotation.PutMapping("/api/roi/fee-schedules/{code}")
    FeeSchedule updateSchedule(@PathVariable String code, @RequestBody ScheduleBody body) {
        if (body == null) throw new InvalidRequestException("version", "Send the schedule and its version");
        return fulfillment.updateSchedule(code, RoiApi.version(body.version()), new FeeSchedule(code, body.name(),
                body.kind(), body.flatAmount(), body.firstPages() == null ? 0 : body.firstPages(), body.firstPageRate(),
                body.pageRate(), body.suppliesPerPage(), body.searchFee(), body.postage(),
                body.active() == null || body.active(), 0));
    }
}
