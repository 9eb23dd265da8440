package org.chartkeeper.disclosure;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Release-of-information requests as JSON: intake, the queue, a request with its checklist, and its changes. */
@RestController
class RoiApi {

    private final DisclosureService roi;
    private final LetterService letters;

    RoiApi(DisclosureService roi, LetterService letters) {
        this.roi = roi;
        this.letters = letters;
    }

    record PatientQuery(String mrn, String name, String birthDate) {}

    record ValidationBody(Integer version, AuthorizationForm authorization) {}

    record VersionBody(Integer version) {}

    record ReasonBody(Integer version, String reason) {}


    record ExtensionBody(Integer version, String noticeSentOn, String reason) {}

    record RequestJson(long id, String requestNo, long patientId, LocalDate receivedOn, String channel,
                       String requesterType, String requesterName, String requesterAddress, String askedEncounters,
                       LocalDate askedFrom, LocalDate askedTo, String askedDocumentTypes, String purpose, String format,
                       String delivery, String status, String statusNote, Authorization authorization, LocalDate dueOn,
                       LocalDate extensionNoticeOn, String extensionReason, String clock, Long workItemId, int version,
                       boolean checklistPassed, List<ChecklistItem> checklist, List<RequestHistoryEntry> history) {

        static RequestJson of(RoiRequest r, LocalDate today, List<RequestHistoryEntry> history) {
            ValidationChecklist c = r.checklist(today);
            return new RequestJson(r.id(), r.requestNo(), r.patientId(), r.receivedOn(), r.channel(),
                    r.requesterType().code(), r.requesterName(), r.requesterAddress(), r.askedEncounters(),
                    r.askedFrom(), r.askedTo(), r.askedDocumentTypes(), r.purpose(), r.format(), r.delivery(),
                    r.status().code(), r.statusNote(), r.authorization(), r.dueOn(), r.extensionNoticeOn(),
                    r.extensionReason(), RequestDeadline.clock(r.dueOn(), today), r.workItemId(), r.version(), c.passed(), c.items(),
                    history);
        }
    }

    record QueueJson(long id, String requestNo, long patientId, String requesterType, String requesterName,
                     String status, LocalDate receivedOn, LocalDate dueOn, long daysLeft, boolean overdue, String clock,
                     int version) {}

    /** Patients a request may be about (by MRN, or by name and date of birth with the index's likely matches). */
    @PatientData
    @PostMapping("/api/roi/patient-matches")
    List<PatientCandidate> patients(@RequestBody PatientQuery q) {
        if (q == null) throw new InvalidRequestException("mrn", "Give an MRN, or a name and date of birth");
        return roi.findPatients(q.mrn(), q.name(), q.birthDate());
    }

    @PatientData
    @PostMapping("/api/roi/requests")
    ResponseEntity<RequestJson> intake(@RequestBody NewRoiRequest body) {
        RoiRequest r = roi.intake(body);
        letters.pendedLetter(r);
        return ResponseEntity.created(URI.create("/api/roi/requests/" + r.id())).body(json(r));
    }

    @PatientData
    @GetMapping("/api/roi/requests")
    List<QueueJson> queue() {
        return roi.queue().stream().map(q -> new QueueJson(q.request().id(), q.request().requestNo(),
                q.request().patientId(), q.request().requesterType().code(), q.request().requesterName(),
                q.request().status().code(), q.request().receivedOn(), q.request().dueOn(), q.daysLeft(), q.overdue(),
                q.clock(), q.request().version())).toList();
    }

    @PatientData
    @GetMapping("/api/roi/requests/{requestId}")
    RequestJson get(@PathVariable long requestId) {
        RequestView v = roi.request(requestId);
        return RequestJson.of(v.request(), roi.today(), v.history());
    }

    @PatientData
    @PutMapping("/api/roi/requests/{requestId}/validation")
    RequestJson validation(@PathVariable long requestId, @RequestBody ValidationBody body) {
        boolean wasPended = roi.request(requestId).request().status() == RoiStatus.PENDED;
        RoiRequest r = roi.updateValidation(requestId, version(body == null ? null : body.version()), body.authorization());
        if (!wasPended) letters.pendedLetter(r);
        return json(r);
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/start")
    RequestJson start(@PathVariable long requestId, @RequestBody VersionBody body) {
        return json(roi.start(requestId, version(body == null ? null : body.version())));
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/deny")
    RequestJson deny(@PathVariable long requestId, @RequestBody ReasonBody body) {
        return json(roi.deny(requestId, version(body == null ? null : body.version()), body.reason()));
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/cancel")
    RequestJson cancel(@PathVariable long requestId, @RequestBody ReasonBody body) {
        return json(roi.cancel(requestId, version(body == null ? null : body.version()), body.reason()));
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/extension")
    RequestJson extend(@PathVariable long requestId, @RequestBody ExtensionBody body) {
        return json(roi.extend(requestId, version(body == null ? null : body.version()), body.noticeSentOn(),
                body.reason()));
    }

    /** The requester types, channels, formats and deliveries intake accepts. */
    @NoPatientData
    @GetMapping("/api/roi/vocabulary")
    java.util.Map<String, Object> vocabulary() {
        return java.util.Map.of(
                "requesterTypes", java.util.Arrays.stream(RequesterType.values()).map(RequesterType::code).toList(),
                "channels", new java.util.TreeSet<>(DisclosureService.CHANNELS),
                "formats", new java.util.TreeSet<>(DisclosureService.FORMATS),
                "deliveries", new java.util.TreeSet<>(DisclosureService.DELIVERIES),
                "disclosureCategories", java.util.Arrays.stream(DisclosureCategory.values())
                        .map(DisclosureCategory::code).toList(),
                "stateDeadlineDays", roi.stateDeadlineDays() == null ? "none" : roi.stateDeadlineDays());
    }

    private RequestJson json(RoiRequest r) {
        return RequestJson.of(r, roi.today(), List.of());
    }

    static int version(Integer v) {
        if (v == null) throw new InvalidRequestException("version", "Give the version you read");
        return v;
    }
}
