package org.chartkeeper.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The record's JSON API: a chart's documents, text documents, uploads, signatures, addenda, entered-in-error. */
@RestController
class RecordApi {

    private final RecordService record;

    RecordApi(RecordService record) {
        this.record = record;
    }

    record SearchBody(String type, String from, String to, String q) {}

    record DraftBody(Integer version, String title, Instant serviceAt, String body) {}

    record VersionBody(Integer version) {}

    record ChangeBody(String relation, String title, String body) {}

    record ErrorBody(Integer version, String reason) {}

    record HoldBody(Integer version, Boolean hold) {}

    @PatientData
    @GetMapping("/api/patients/{id}/documents")
    List<DocumentJson> list(@PathVariable long id, @RequestParam(required = false) String type,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return record.chart(id, ChartFilter.of(type, from, to, null)).stream().map(DocumentJson::of).toList();
    }

    /** Full-text search within a chart, POSTed so that the words looked for stay out of URLs and logs. */
    @PatientData
    @PostMapping("/api/patients/{id}/documents/search")
    List<DocumentJson> search(@PathVariable long id, @RequestBody SearchBody body) {
        return record.chart(id, ChartFilter.of(body.type(), body.from(), body.to(), body.q())).stream()
                .map(DocumentJson::of).toList();
    }

    @PatientData
    @PostMapping("/api/patients/{id}/documents")
    ResponseEntity<DocumentJson> create(@PathVariable long id, @RequestBody NewTextDocument body) {
        Document d = record.createText(id, body);
        return ResponseEntity.created(URI.create("/api/documents/" + d.id())).body(DocumentJson.of(d));
    }

    @PatientData
    @PostMapping(path = "/api/patients/{id}/documents/uploads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DocumentJson> upload(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
                                        @RequestParam(required = false) String typeCode,
                                        @RequestParam(required = false) Long encounterId,
                                        @RequestParam(required = false) String title,
                                        @RequestParam(required = false) String serviceAt) {
        if (file == null || file.isEmpty()) throw new InvalidRequestException("file", "Attach the file as 'file'");
        Document d = record.upload(id, new NewFileDocument(encounterId, typeCode, title, instant(serviceAt),
                file.getOriginalFilename(), bytes(file)));
        return ResponseEntity.created(URI.create("/api/documents/" + d.id())).body(DocumentJson.of(d));
    }

    @PatientData
    @GetMapping("/api/documents/{documentId}")
    DocumentJson get(@PathVariable long documentId) {
        return DocumentJson.of(record.get(documentId));
    }

    /** The content, verified against its SHA-256 (sent in the X-Content-SHA256 header); a mismatch is never served. */
    @PatientData
    @GetMapping("/api/documents/{documentId}/content")
    ResponseEntity<byte[]> content(@PathVariable long documentId, @RequestParam(required = false) Integer version) {
        return RecordController.contentResponse(record.content(documentId, version));
    }

    @PatientData
    @PutMapping("/api/documents/{documentId}")
    DocumentJson update(@PathVariable long documentId, @RequestBody DraftBody body) {
        return DocumentJson.of(record.updateDraft(documentId, version(body.version()), body.title(), body.serviceAt(),
                body.body()));
    }

    @PatientData
    @PostMapping("/api/documents/{documentId}/sign")
    DocumentJson sign(@PathVariable long documentId, @RequestBody VersionBody body) {
        return DocumentJson.of(record.sign(documentId, version(body.version())));
    }

    @PatientData
    @PostMapping("/api/documents/{documentId}/cosign")
    DocumentJson cosign(@PathVariable long documentId, @RequestBody VersionBody body) {
        return DocumentJson.of(record.cosign(documentId, version(body.version())));
    }

    @PatientData
    @PostMapping("/api/documents/{documentId}/changes")
    ResponseEntity<DocumentJson> change(@PathVariable long documentId, @RequestBody ChangeBody body) {
        Document d = record.change(documentId, body.relation(), body.title(), body.body());
        return ResponseEntity.created(URI.create("/api/documents/" + d.id())).body(DocumentJson.of(d));
    }

    @PatientData
    @PostMapping("/api/documents/{documentId}/entered-in-error")
    DocumentJson enteredInError(@PathVariable long documentId, @RequestBody ErrorBody body) {
        return DocumentJson.of(record.enterInError(documentId, version(body.version()), body.reason()));
    }

    @PatientData
    @PostMapping("/api/documents/{documentId}/legal-hold")
    DocumentJson legalHold(@PathVariable long documentId, @RequestBody HoldBody body) {
        if (body.hold() == null) throw new InvalidRequestException("hold", "Say whether to place (true) or lift (false) the hold");
        return DocumentJson.of(record.legalHold(documentId, version(body.version()), body.hold()));
    }

    record RetentionBody(String asOf, Integer limit, String typeCode) {}

    record RetentionJson(java.time.LocalDate asOf, long eligibleForDestruction, long onLegalHold,
                         List<DocumentJson> documents) {}

    /** The destruction list (documents past retention, none on legal hold); POSTed like a search. */
    @PatientData
    @PostMapping("/api/record/retention")
    RetentionJson retention(@RequestBody RetentionBody body) {
        RecordService.RetentionReport r = record.retention(ChartFilter.date("asOf", body.asOf()),
                body.limit() == null ? 200 : body.limit(), body.typeCode());
        return new RetentionJson(r.asOf(), r.eligibleForDestruction(), r.onLegalHold(),
                r.documents().stream().map(DocumentJson::of).toList());
    }

    record DestroyBody(List<Long> documentIds, String reason) {}

    /** Destroys documents past their retention period (none on legal hold); answers their certificates. */
    @PatientData
    @PostMapping("/api/record/destruction")
    List<RecordService.Destruction> destroy(@RequestBody DestroyBody body) {
        return record.destroy(body.documentIds(), body.reason());
    }

    /** The certificates of destruction, newest first. */
    @PatientData
    @GetMapping("/api/record/destructions")
    List<RecordService.Destruction> destructions(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "200") int limit) {
        return record.destructions(limit);
    }

    @NoPatientData
    @GetMapping("/api/document-types")
    List<DocumentType> types() {
        return record.types();
    }

    static int version(Integer version) {
        if (version == null) throw new InvalidRequestException("version", "Give the version you read (for a stale-write check)");
        return version;
    }

    static Instant instant(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value.strip()).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new InvalidRequestException("serviceAt", "'" + value + "' is not a time (2024-05-01T10:00:00Z) or a date");
            }
        }
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
