package org.chartkeeper.disclosure;

import java.net.URI;
import java.util.List;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Patients' requests for an accounting of disclosures as JSON: intake, list, fee agreement, extension, delivery. */
@RestController
class AccountingRequestApi {

    private final AccountingRequestService requests;
    private final LetterService letters;

    AccountingRequestApi(AccountingRequestService requests, LetterService letters) {
        this.requests = requests;
        this.letters = letters;
    }

    record FeeBody(Integer version, String noticeSentOn, String agreedOn) {}

    record ExtensionBody(Integer version, String noticeSentOn, String reason) {}

    record VersionBody(Integer version) {}

    record Json(AccountingRequest request, String status, String clock, boolean overdue, boolean free,
                List<Letter> letters) {}

    @PatientData
    @PostMapping("/api/roi/accounting-requests")
    ResponseEntity<Json> intake(@RequestBody NewAccountingRequest body) {
        AccountingRequest r = requests.intake(body);
        return ResponseEntity.created(URI.create("/api/roi/accounting-requests/" + r.id())).body(json(r, List.of()));
    }

    @PatientData
    @GetMapping("/api/roi/accounting-requests")
    List<Json> list() {
        return requests.list().stream().map(r -> json(r, List.of())).toList();
    }

    @PatientData
    @GetMapping("/api/roi/accounting-requests/{accountingRequestId}")
    Json get(@PathVariable long accountingRequestId) {
        AccountingRequest r = requests.get(accountingRequestId);
        return json(r, letters.ofSubject(Letter.ACCOUNTING_REQUEST, accountingRequestId));
    }

    @PatientData
    @PostMapping("/api/roi/accounting-requests/{accountingRequestId}/fee-agreement")
    Json agree(@PathVariable long accountingRequestId, @RequestBody FeeBody body) {
        return json(requests.agreeFee(accountingRequestId, RoiApi.version(body == null ? null : body.version()),
                body.noticeSentOn(), body.agreedOn()), List.of());
    }

    @PatientData
    @PostMapping("/api/roi/accounting-requests/{accountingRequestId}/extension")
    Json extend(@PathVariable long accountingRequestId, @RequestBody ExtensionBody body) {
        return json(requests.extend(accountingRequestId, RoiApi.version(body == null ? null : body.version()),
                body.noticeSentOn(), body.reason()), letters.ofSubject(Letter.ACCOUNTING_REQUEST, accountingRequestId));
    }

    @PatientData
    @PostMapping("/api/roi/accounting-requests/{accountingRequestId}/delivery")
    Json deliver(@PathVariable long accountingRequestId, @RequestBody VersionBody body) {
        return json(requests.deliver(accountingRequestId, RoiApi.version(body == null ? null : body.version())),
                letters.ofSubject(Letter.ACCOUNTING_REQUEST, accountingRequestId));
    }

    @PatientData
    @PostMapping("/api/roi/accounting-requests/{accountingRequestId}/withdrawal")
    Json withdraw(@PathVariable long accountingRequestId, @RequestBody VersionBody body) {
        return json(requests.withdraw(accountingRequestId, RoiApi.version(body == null ? null : body.version())), List.of());
    }

    private Json json(AccountingRequest r, List<Letter> letters) {
        var today = requests.today();
        return new Json(r, r.status().code(), r.clock(today), r.overdue(today), r.free(), letters);
    }
}
