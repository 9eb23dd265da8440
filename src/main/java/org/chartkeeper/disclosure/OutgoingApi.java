package org.chartkeeper.disclosure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.record.ScanFile;
import org.chartkeeper.web.PatientData;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Requests to outside facilities as JSON: create, list, follow up, receive (multipart files), cancel. */
@RestController
class OutgoingApi {

    private final OutgoingService outgoing;

    OutgoingApi(OutgoingService outgoing) {
        this.outgoing = outgoing;
    }

    record NoteBody(Integer version, String note) {}

    record ReasonBody(Integer version, String reason) {}

    record Json(String number, OutgoingRequest request, String status, String clock, boolean overdue) {}

    @PatientData
    @PostMapping("/api/roi/outgoing")
    ResponseEntity<Json> create(@RequestBody NewOutgoingRequest body) {
        OutgoingRequest o = outgoing.create(body);
        return ResponseEntity.created(URI.create("/api/roi/outgoing/" + o.id())).body(json(o));
    }

    @PatientData
    @GetMapping("/api/roi/outgoing")
    List<Json> list() {
        return outgoing.list().stream().map(this::json).toList();
    }

    @PatientData
    @GetMapping("/api/roi/outgoing/{outgoingId}")
    Json get(@PathVariable long outgoingId) {
        return json(outgoing.get(outgoingId));
    }

    @PatientData
    @PostMapping("/api/roi/outgoing/{outgoingId}/follow-up")
    Json followUp(@PathVariable long outgoingId, @RequestBody NoteBody body) {
        return json(outgoing.followUp(outgoingId, RoiApi.version(body == null ? null : body.version()), body.note()));
    }

    /** The records arrived: multipart {@code files} (PDF, TIFF, PNG, JPEG) and {@code version}. */
    @PatientData
    @PostMapping(path = "/api/roi/outgoing/{outgoingId}/receipt", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Json receive(@PathVariable long outgoingId, @RequestParam(required = false) Integer version,
                 @RequestParam(required = false) List<MultipartFile> files) {
        return json(outgoing.receive(outgoingId, RoiApi.version(version), files(files)));
    }

    @PatientData
    @PostMapping("/api/roi/outgoing/{outgoingId}/cancel")
    Json cancel(@PathVariable long outgoingId, @RequestBody ReasonBody body) {
        return json(outgoing.cancel(outgoingId, RoiApi.version(body == null ? null : body.version()), body.reason()));
    }

    static List<ScanFile> files(List<MultipartFile> files) {
        List<ScanFile> out = new ArrayList<>();
        if (files != null) {
            for (MultipartFile f : files) {
                if (f.isEmpty()) continue;
                try {
                    out.add(new ScanFile(f.getOriginalFilename() == null ? "received" : f.getOriginalFilename(), f.getBytes()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (out.isEmpty()) throw new InvalidRequestException("files", "Attach the records received as 'files'");
        return out;
    }

    private Json json(OutgoingRequest o) {
        var today = outgoing.today();
        return new Json(o.number(), o, o.status().code(), o.clock(today), o.overdue(today));
    }
}
