package org.chartkeeper.coding;

import org.chartkeeper.web.PatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An encounter's coding over JSON: read (with the edits), save the whole abstract, final coding, reopen with a
 * reason. Reading passes the access gate; changing also needs {@code coding.write}.
 */
@RestController
@RequestMapping("/api/encounters/{encounterId}/coding")
class EncounterCodingApi {

    private final EncounterCodingService coding;

    EncounterCodingApi(EncounterCodingService coding) {
        this.coding = coding;
    }

    record Finalize(Integer version) {}

    record Reopen(String reason, Integer version) {}

    @PatientData
    @GetMapping
    EncounterCoding get(@PathVariable long encounterId) {
        return coding.get(encounterId);
    }

    @PatientData
    @PutMapping
    EncounterCoding save(@PathVariable long encounterId, @RequestBody CodingChange change) {
        return coding.save(encounterId, change);
    }

    /** The edits the abstract as saved fails. */
    @PatientData
    @GetMapping("/edits")
    java.util.List<CodingFinding> edits(@PathVariable long encounterId) {
        return coding.get(encounterId).edits();
    }

    /** The edits a proposed abstract (the PUT body) would fail, without saving it. */
    @PatientData
    @PostMapping("/edits")
    java.util.List<CodingFinding> check(@PathVariable long encounterId, @RequestBody CodingChange change) {
        return coding.check(encounterId, change);
    }

    @PatientData
    @PostMapping("/finalize")
    EncounterCoding finalizeCoding(@PathVariable long encounterId, @RequestBody Finalize body) {
        return coding.finalizeCoding(encounterId, body.version());
    }

    @PatientData
    @PostMapping("/reopen")
    EncounterCoding reopen(@PathVariable long encounterId, @RequestBody Reopen body) {
        return coding.reopen(encounterId, body.reason(), body.version());
    }
}
