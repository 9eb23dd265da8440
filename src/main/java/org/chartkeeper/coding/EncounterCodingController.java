package org.chartkeeper.coding;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The coding page of an encounter: the abstract as lines of text (a diagnosis a line, "E11.9 Y"; a procedure a line,
 * "0DTJ4ZZ 2026-01-12" or "CPT 99213 2026-01-12"), the edits as they stand, final coding and reopening.
 */
@Controller
@RequestMapping("/encounters/{encounterId}/coding")
class EncounterCodingController {

    private final EncounterCodingService coding;
    private final CodingWorkspaceService workspace;
    private final CodeSetService codeSets;

    EncounterCodingController(EncounterCodingService coding, CodingWorkspaceService workspace, CodeSetService codeSets) {
        this.coding = coding;
        this.workspace = workspace;
        this.codeSets = codeSets;
    }

    /** Adds a code found by the workspace's search (a procedure dated the discharge date; the coder can change it). */
    @PatientData
    @PostMapping("/add")
    String add(@PathVariable long encounterId, @RequestParam String system, @RequestParam String code,
               @RequestParam int version, RedirectAttributes redirect) {
        try {
            CodeSystem s = CodeSystem.parse(system).orElseThrow(() -> new InvalidRequestException("system", "Unknown code system"));
            EncounterCoding now = coding.get(encounterId);
            EncounterCoding c = coding.addCode(encounterId, s, CodeSystem.normalize(code), now.dischargeDate(), version);
            redirect.addFlashAttribute("flash", s.display(CodeSystem.normalize(code)) + " added."
                    + (c.edits().isEmpty() ? "" : " " + c.edits().size() + " edit(s) to resolve before final coding."));
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not added: " + e.getMessage());
        }
        return "redirect:/encounters/" + encounterId + "/coding";
    }

    @PatientData
    @GetMapping
    String page(@PathVariable long encounterId, @RequestParam(required = false) Long document,
                @RequestParam(required = false) String q, Model model) {
        CodingWorkspace w = workspace.open(encounterId);
        EncounterCoding c = w.coding();
        if (q != null && !q.isBlank()) {
            model.addAttribute("q", q);
            try {
                model.addAttribute("found", codeSets.search(q, null, c.dischargeDate(), 10).results());
            } catch (InvalidRequestException e) {
                model.addAttribute("searchError", e.getMessage());
            }
        }
        Long shown = document != null ? document : w.suggestions().stream().map(CodingSuggestion::documentId).findFirst()
                .orElse(w.documents().isEmpty() ? null : w.documents().getFirst().id());
        if (shown != null) model.addAttribute("document", workspace.document(encounterId, shown));
        model.addAttribute("workspace", w);
        return page(c, diagnosesText(c), proceduresText(c), model);
    }

    /** A document of the chart in the side panel (htmx swaps the panel; without htmx the whole page). */
    @PatientData
    @GetMapping("/documents/{documentId}")
    String document(@PathVariable long encounterId, @PathVariable long documentId,
                    @org.springframework.web.bind.annotation.RequestHeader(value = "HX-Request", required = false) String htmx,
                    Model model) {
        if (htmx == null) return page(encounterId, documentId, null, model);
        model.addAttribute("document", workspace.document(encounterId, documentId));
        return "coding/encounter :: document-panel";
    }

    @PatientData
    @PostMapping("/suggestions/{suggestionId}/accept")
    String accept(@PathVariable long encounterId, @PathVariable long suggestionId, @RequestParam int version,
                  RedirectAttributes redirect) {
        try {
            EncounterCoding c = workspace.accept(encounterId, suggestionId, version);
            redirect.addFlashAttribute("flash", "Suggestion accepted: the code is added."
                    + (c.edits().isEmpty() ? "" : " " + c.edits().size() + " edit(s) to resolve before final coding."));
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not accepted: " + e.getMessage());
        }
        return "redirect:/encounters/" + encounterId + "/coding";
    }

    @PatientData
    @PostMapping("/suggestions/{suggestionId}/reject")
    String reject(@PathVariable long encounterId, @PathVariable long suggestionId,
                  @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        try {
            CodingSuggestion s = workspace.reject(encounterId, suggestionId, reason);
            redirect.addFlashAttribute("flash", "Suggestion " + s.display() + " rejected.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not rejected: " + e.getMessage());
        }
        return "redirect:/encounters/" + encounterId + "/coding";
    }

    /** Sequencing: the move-up/down buttons, the keys and drag and drop all post here. */
    @PatientData
    @PostMapping("/move")
    String move(@PathVariable long encounterId, @RequestParam String kind, @RequestParam int from, @RequestParam int to,
                @RequestParam int version, RedirectAttributes redirect) {
        try {
            coding.move(encounterId, kind, from, to, version);
            redirect.addFlashAttribute("flash", "Moved " + kind + " " + from + " to position " + to + ".");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not moved: " + e.getMessage());
        }
        return "redirect:/encounters/" + encounterId + "/coding";
    }

    @PatientData
    @PostMapping
    String save(@PathVariable long encounterId, @RequestParam(defaultValue = "") String diagnoses,
                @RequestParam(defaultValue = "") String procedures, @RequestParam(required = false) String admitSource,
                @RequestParam(required = false) String dischargeDisposition, @RequestParam(defaultValue = "0") int version,
                Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            EncounterCoding c = coding.save(encounterId, new CodingChange(parseDiagnoses(diagnoses),
                    parseProcedures(procedures), admitSource, dischargeDisposition, version));
            redirect.addFlashAttribute("flash", c.edits().isEmpty() ? "Saved. No edits."
                    : "Saved. " + c.edits().size() + " edit(s) to resolve before final coding.");
            return "redirect:/encounters/" + encounterId + "/coding";
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "Nothing was saved: " + e.getMessage());
            model.addAttribute("errors", Map.of(e.field(), e.getMessage()));
            CodingWorkspace w = workspace.open(encounterId);
            model.addAttribute("workspace", w);
            return page(w.coding(), diagnoses, procedures, model);
        }
    }

    @PatientData
    @PostMapping("/finalize")
    String finalizeCoding(@PathVariable long encounterId, @RequestParam int version, RedirectAttributes redirect) {
        try {
            coding.finalizeCoding(encounterId, version);
            redirect.addFlashAttribute("flash", "Final coding done; the abstract is locked.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not final: " + e.getMessage());
        }
        return "redirect:/encounters/" + encounterId + "/coding";
    }

    @PatientData
    @PostMapping("/reopen")
    String reopen(@PathVariable long encounterId, @RequestParam(defaultValue = "") String reason,
                  @RequestParam int version, RedirectAttributes redirect) {
        try {
            coding.reopen(encounterId, reason, version);
            redirect.addFlashAttribute("flash", "Reopened; the reason is recorded.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not reopened: " + e.getMessage());
        }
        return "redirect:/encounters/" + encounterId + "/coding";
    }

    private static String page(EncounterCoding c, String diagnoses, String procedures, Model model) {
        model.addAttribute("coding", c);
        model.addAttribute("diagnosesText", diagnoses);
        model.addAttribute("proceduresText", procedures);
        if (model.getAttribute("errors") == null) model.addAttribute("errors", Map.of());
        return "coding/encounter";
    }

    static String diagnosesText(EncounterCoding c) {
        StringBuilder out = new StringBuilder();
        for (var d : c.diagnoses()) out.append(d.display()).append(d.poa() == null ? "" : " " + d.poa()).append('\n');
        return out.toString();
    }

    static String proceduresText(EncounterCoding c) {
        StringBuilder out = new StringBuilder();
        for (var p : c.procedures()) {
            boolean usual = p.system() == (c.encounterClass().equalsIgnoreCase("INPATIENT") ? CodeSystem.ICD10PCS : CodeSystem.HCPCS);
            out.append(usual ? "" : p.system().name() + " ").append(p.display()).append(' ').append(p.date()).append('\n');
        }
        return out.toString();
    }

    static List<CodingChange.Diagnosis> parseDiagnoses(String text) {
        List<CodingChange.Diagnosis> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String[] t = line.split("\\s+");
            if (t.length > 2) throw new InvalidRequestException("diagnoses", "Line " + (i + 1) + ": a code and its POA indicator, e.g. 'E11.9 Y'");
            out.add(new CodingChange.Diagnosis(t[0], t.length > 1 ? t[1] : null));
        }
        return out;
    }

    static List<CodingChange.Procedure> parseProcedures(String text) {
        List<CodingChange.Procedure> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String[] t = line.split("\\s+");
            if (t.length < 2 || t.length > 3) {
                throw new InvalidRequestException("procedures", "Line " + (i + 1) + ": a code and its date, e.g. '0DTJ4ZZ 2026-01-12'");
            }
            try {
                out.add(new CodingChange.Procedure(t.length == 3 ? t[0] : null, t[t.length - 2], LocalDate.parse(t[t.length - 1])));
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("procedures", "Line " + (i + 1) + ": the date as YYYY-MM-DD");
            }
        }
        return out;
    }
}
