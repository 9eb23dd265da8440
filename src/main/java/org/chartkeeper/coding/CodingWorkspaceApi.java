package org.chartkeeper.coding;

import java.util.List;
import org.chartkeeper.web.PatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The coding workspace over JSON: the abstract with the encounter's documents and suggestions, a document's text with
 * the evidence marked, accepting and rejecting suggestions, and sequencing (move a code to another position).
 */
@RestController
@RequestMapping("/api/encounters/{encounterId}/coding")
class CodingWorkspaceApi {

    private final CodingWorkspaceService workspace;
    private final EncounterCodingService coding;

    CodingWorkspaceApi(CodingWorkspaceService workspace, EncounterCodingService coding) {
        this.workspace = workspace;
        this.coding = coding;
    }

    record Accept(Integer version) {}

    record Reject(String reason) {}

    record Move(String kind, Integer from, Integer to, Integer version) {}

    @PatientData
    @GetMapping("/workspace")
    CodingWorkspace open(@PathVariable long encounterId) {
        return workspace.open(encounterId);
    }

    @PatientData
    @GetMapping("/suggestions")
    List<CodingSuggestion> suggestions(@PathVariable long encounterId) {
        return workspace.suggestions(encounterId);
    }

    @PatientData
    @GetMapping("/documents/{documentId}")
    CodingWorkspace.DocumentText document(@PathVariable long encounterId, @PathVariable long documentId) {
        return workspace.document(encounterId, documentId);
    }

    @PatientData
    @PostMapping("/suggestions/{suggestionId}/accept")
    EncounterCoding accept(@PathVariable long encounterId, @PathVariable long suggestionId, @RequestBody Accept body) {
        return workspace.accept(encounterId, suggestionId, body.version());
    }

    @PatientData
    @PostMapping("/suggestions/{suggestionId}/reject")
    CodingSuggestion reject(@PathVariable long encounterId, @PathVariable long suggestionId, @RequestBody Reject body) {
        return workspace.reject(encounterId, suggestionId, body.reason());
    }

    @PatientData
    @PostMapping("/move")
    EncounterCoding move(@PathVariable long encounterId, @RequestBody Move body) {
        return coding.move(encounterId, body.kind(), body.from(), body.to(), body.version());
    }
}
