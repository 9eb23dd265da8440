package org.chartkeeper.disclosure;

import java.net.URI;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RestController;

/** Letters as JSON: templates (read; edit with roi.letters), generated letters, a letter's PDF, letters of a request. */
@RestController
class LetterApi {

    private final LetterService letters;

    LetterApi(LetterService letters) {
        this.letters = letters;
    }

    record TemplateBody(Integer version, String name, String body) {}

    record RequestLetterBody(String template, String extensionReason, String description, String delivery,
                             String deliveredOn, String denialReason) {}

    record LetterJson(Letter letter, String text, String pdf) {}

    @NoPatientData
    @GetMapping("/api/roi/letter-templates")
    Map<String, Object> templates() {
        return Map.of("fields", new java.util.TreeSet<>(LetterService.FIELDS), "templates", letters.templates());
    }

    @NoPatientData
    @PutMapping("/api/roi/letter-templates/{code}")
    LetterTemplate save(@PathVariable String code, @RequestBody TemplateBody body) {
        return letters.saveTemplate(code, RoiApi.version(body == null ? null : body.version()), body.name(), body.body());
    }

    @PatientData
    @GetMapping("/api/roi/letters")
    List<Letter> recent() {
        return letters.recent();
    }

    @PatientData
    @GetMapping("/api/roi/letters/{letterId}")
    LetterJson get(@PathVariable long letterId) {
        LetterService.LetterFile f = letters.pdf(letterId);
        return new LetterJson(f.letter(), f.text(), "/api/roi/letters/" + letterId + "/pdf");
    }

    @PatientData
    @GetMapping("/api/roi/letters/{letterId}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long letterId) {
        LetterService.LetterFile f = letters.pdf(letterId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(f.fileName()).build().toString())
                .body(f.pdf());
    }

    @PatientData
    @GetMapping("/api/roi/requests/{requestId}/letters")
    List<Letter> ofRequest(@PathVariable long requestId) {
        return letters.ofRequest(requestId);
    }

    @PatientData
    @PostMapping("/api/roi/requests/{requestId}/letters")
    ResponseEntity<Letter> generate(@PathVariable long requestId, @RequestBody RequestLetterBody body) {
        RequestLetterBody b = body == null ? new RequestLetterBody(null, null, null, null, null, null) : body;
        java.util.Map<String, String> extra = new java.util.HashMap<>();
        extra.put("extensionReason", b.extensionReason());
        extra.put("description", b.description());
        extra.put("delivery", b.delivery());
        extra.put("deliveredOn", b.deliveredOn());
        extra.put("denialReason", b.denialReason());
        Letter l = letters.forRequest(requestId, b.template(), extra);
        return ResponseEntity.created(URI.create("/api/roi/letters/" + l.id())).body(l);
    }
}
