package org.chartkeeper.patient;

import jakarta.servlet.http.HttpServletResponse;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The duplicate queue's review page (two registrations side by side, the score's explanation, the decision), a
 * patient's merge history on the chart with its Unmerge button, and the patient index's key figures.
 */
@Controller
class DuplicateReviewController {

    private final DuplicateReviewService reviews;
    private final PatientMergeService merges;
    private final MpiKpiService kpis;

    DuplicateReviewController(DuplicateReviewService reviews, PatientMergeService merges, MpiKpiService kpis) {
        this.reviews = reviews;
        this.merges = merges;
        this.kpis = kpis;
    }

    record DecisionForm(Long candidateId, Integer version, String decision, Long survivorId, String reason,
                        Boolean override) {
        static DecisionForm empty() {
            return new DecisionForm(null, null, null, null, "", false);
        }
    }

    @PatientData
    @GetMapping("/queues/duplicates/{itemId}")
    String review(@PathVariable long itemId, Model model) {
        model.addAttribute("review", reviews.review(itemId));
        model.addAttribute("form", DecisionForm.empty());
        return "patient/duplicate-review";
    }

    @PatientData
    @PostMapping("/queues/duplicates/{itemId}/decide")
    String decide(@PathVariable long itemId, @ModelAttribute("form") DecisionForm form, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        try {
            if (form.candidateId() == null) throw new InvalidRequestException("candidateId", "The form is missing its candidate; reload it");
            var result = reviews.decide(form.candidateId(), form.version(), form.decision(), form.survivorId(),
                    form.reason(), Boolean.TRUE.equals(form.override()));
            redirect.addFlashAttribute("flash", switch (result.status()) {
                case "merged" -> "Merged. The retired record now points to the survivor; undo it from the survivor's chart if needed.";
                case "not-duplicate" -> "Recorded as not a duplicate. This pair will not be proposed again.";
                default -> "Marked as needing investigation. The item stays with you.";
            });
            return "redirect:/queues/duplicates/" + itemId;
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
        } catch (StaleVersionException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("error", e.getMessage());
        }
        model.addAttribute("review", reviews.review(itemId));
        return "patient/duplicate-review";
    }

    /** The chart's merge section, loaded by htmx. */
    @PatientData
    @GetMapping("/patients/{id}/merges")
    String history(@PathVariable long id, Model model) {
        model.addAttribute("history", merges.history(id));
        model.addAttribute("canUnmerge", merges.currentUserMerges());
        return "patient/merge-history :: section";
    }

    @PatientData
    @PostMapping("/patients/{id}/merges/{mergeId}/unmerge")
    String unmerge(@PathVariable long id, @PathVariable long mergeId, @RequestParam(required = false) String reason,
                   RedirectAttributes redirect) {
        try {
            var m = merges.unmerge(mergeId, reason);
            redirect.addFlashAttribute("flash", "Merge undone: patient " + m.retiredId() + " and patient " + m.survivorId()
                    + " are separate records again, each with the rows it had before the merge.");
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/patients/" + id;
    }

    @NoPatientData
    @GetMapping("/mpi")
    String kpi(Model model) {
        model.addAttribute("kpi", kpis.kpi());
        return "patient/mpi";
    }
}
