package org.chartkeeper.disclosure;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Patients' requests to amend as JSON: intake, list, one request with its linked statements and letters, the
 * author's decision, extension, statement of disagreement, rebuttal; and what a release must carry.
 */
@RestController
class AmendmentApi {

    private final AmendmentService amendments;
    private final LetterService letters;

    AmendmentApi(AmendmentService amendments, LetterService letters) {
        this.amendments = amendments;
        this.letters = letters;
    }

    record DecisionBody(Integer version, String decision, String amendmentText, String reason, String explanation) {}

    record ExtensionBody(Integer version, String noticeSentOn, String reason) {}

    record DisagreementBody(Integer version, String statement, String receivedOn) {}

    record RebuttalBody(Integer version, String rebuttal) {}

    record Json(String number, AmendmentRequest request, String status, String clock, boolean overdue,
                List<AmendmentStatement> statements, List<Letter> letters) {}

    record ReasonJson(String code, String text) {}

    @PatientData
    @PostMapping("/api/roi/amendments")
    ResponseEntity<Json> intake(@RequestBody NewAmendmentRequest body) {
        AmendmentRequest a = amendments.intake(body);
        return ResponseEntity.created(URI.create("/api/roi/amendments/" + a.id())).body(json(a, List.of()));
    }

    @PatientData
    @GetMapping("/api/roi/amendments")
    List<Json> list() {
        return amendments.list().stream().map(a -> json(a, List.of())).toList();
    }

    @PatientData
    @GetMapping("/api/roi/amendments/{amendmentId}")
    Json get(@PathVariable long amendmentId) {
        return full(amendments.get(amendmentId));
    }

    /** The author's decision: {"decision": "accept", "amendmentText": ...} or {"decision": "deny", "reason": ...}. */
    @PatientData
    @PostMapping("/api/roi/amendments/{amendmentId}/decision")
    Json decide(@PathVariable long amendmentId, @RequestBody DecisionBody body) {
        if (body == null || body.decision() == null) throw new InvalidRequestException("decision", "Give 'accept' or 'deny'");
        int version = RoiApi.version(body.version());
        return full(switch (body.decision().strip()) {
            case "accept" -> amendments.accept(amendmentId, version, body.amendmentText());
            case "deny" -> amendments.deny(amendmentId, version, body.reason(), body.explanation());
            default -> throw new InvalidRequestException("decision", "Give 'accept' or 'deny'");
        });
    }

    @PatientData
    @PostMapping("/api/roi/amendments/{amendmentId}/extension")
    Json extend(@PathVariable long amendmentId, @RequestBody ExtensionBody body) {
        return full(amendments.extend(amendmentId, RoiApi.version(body == null ? null : body.version()),
                body.noticeSentOn(), body.reason()));
    }

    @PatientData
    @PostMapping("/api/roi/amendments/{amendmentId}/disagreement")
    Json disagreement(@PathVariable long amendmentId, @RequestBody DisagreementBody body) {
        return full(amendments.disagreement(amendmentId, RoiApi.version(body == null ? null : body.version()),
                body.statement(), body.receivedOn()));
    }

    @PatientData
    @PostMapping("/api/roi/amendments/{amendmentId}/rebuttal")
    Json rebuttal(@PathVariable long amendmentId, @RequestBody RebuttalBody body) {
        return full(amendments.rebuttal(amendmentId, RoiApi.version(body == null ? null : body.version()), body.rebuttal()));
    }

    /** What a release of the patient's documents (all, or {@code documentIds}) must carry. */
    @PatientData
    @GetMapping("/api/roi/patients/{patientId}/amendment-statements")
    List<AmendmentStatement> linked(@PathVariable long patientId, @RequestParam(required = false) String documentIds) {
        return amendments.linkedStatements(patientId, ids(documentIds));
    }

    @NoPatientData
    @GetMapping("/api/roi/amendment-denial-reasons")
    List<ReasonJson> reasons() {
        return Arrays.stream(AmendmentDenialReason.values()).map(r -> new ReasonJson(r.code(), r.text())).toList();
    }

    static List<Long> ids(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("documentIds", "Give document ids separated by commas");
        }
    }

    private Json full(AmendmentRequest a) {
        return json(a, letters.ofSubject(Letter.AMENDMENT, a.id()));
    }

    private Json json(AmendmentRequest a, List<Letter> letters) {
        var today = amendments.today();
        return new Json(a.number(), a, a.status().code(), a.clock(today), a.overdue(today),
                AmendmentService.statements(a), letters);
    }
}
