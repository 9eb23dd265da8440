package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.chartkeeper.record.ChartFilter;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Pages for patients' requests to amend: the HIM list and intake (choose the patient's document), one request
 * (extension, statement of disagreement, rebuttal, letters), and the author's decision page (accept or deny).
 */
@Controller
class AmendmentController {

    private final AmendmentService amendments;
    private final RecordService record;
    private final LetterService letters;

    AmendmentController(AmendmentService amendments, RecordService record, LetterService letters) {
        this.amendments = amendments;
        this.record = record;
        this.letters = letters;
    }

    @PatientData
    @GetMapping("/roi/amendments")
    String list(@RequestParam(required = false) String patientId, Model model) {
        model.addAttribute("form", patientId == null ? Map.of() : Map.of("patientId", patientId));
        return listPage(model, patientId);
    }

    @PatientData
    @PostMapping("/roi/amendments")
    String intake(@RequestParam Map<String, String> form, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            AmendmentRequest a = amendments.intake(new NewAmendmentRequest(RightsPages.id("patientId", form.get("patientId")),
                    RightsPages.id("documentId", form.get("documentId")), form.get("receivedOn"), form.get("requestedBy"),
                    form.get("whatIsWrong"), form.get("proposedChange")));
            redirect.addFlashAttribute("flash", a.number() + " taken in and routed to "
                    + (a.deciderName() == null ? "the HIM director's queue" : a.deciderName()) + "; due " + a.dueOn() + ".");
            return "redirect:/roi/amendments/" + a.id();
        }, () -> listPage(model, form.get("patientId")));
    }

    @PatientData
    @GetMapping("/roi/amendments/{amendmentId}")
    String get(@PathVariable long amendmentId, Model model) {
        model.addAttribute("form", Map.of());
        return page(amendmentId, model, "disclosure/amendment");
    }

    @PatientData
    @PostMapping("/roi/amendments/{amendmentId}/{action}")
    String act(@PathVariable long amendmentId, @PathVariable String action, @RequestParam Map<String, String> form,
               Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            int v = RightsPages.version(form);
            String done = switch (action) {
                case "extension" -> "Extended; now due " + amendments.extend(amendmentId, v, form.get("noticeSentOn"),
                        form.get("reason")).dueOn() + ". The notice letter is below.";
                case "disagreement" -> {
                    amendments.disagreement(amendmentId, v, form.get("statement"), form.get("receivedOn"));
                    yield "Statement of disagreement linked to the document; later releases carry it.";
                }
                case "rebuttal" -> {
                    amendments.rebuttal(amendmentId, v, form.get("rebuttal"));
                    yield "Rebuttal linked; send the patient a copy.";
                }
                default -> throw new org.chartkeeper.NotFoundException("No action " + action);
            };
            redirect.addFlashAttribute("flash", done);
            return "redirect:/roi/amendments/" + amendmentId;
        }, () -> page(amendmentId, model, "disclosure/amendment"));
    }

    /** The author's page: the request, the document, and the decision. */
    @PatientData
    @GetMapping("/amendments/{amendmentId}")
    String decision(@PathVariable long amendmentId, Model model) {
        model.addAttribute("form", Map.of());
        return page(amendmentId, model, "disclosure/amendment-decision");
    }

    @PatientData
    @PostMapping("/amendments/{amendmentId}/{decision}")
    String decide(@PathVariable long amendmentId, @PathVariable String decision, @RequestParam Map<String, String> form,
                  Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            int v = RightsPages.version(form);
            AmendmentRequest a = switch (decision) {
                case "accept" -> amendments.accept(amendmentId, v, form.get("amendmentText"));
                case "deny" -> amendments.deny(amendmentId, v, form.get("reason"), form.get("explanation"));
                default -> throw new org.chartkeeper.NotFoundException("No decision " + decision);
            };
            redirect.addFlashAttribute("flash", a.status() == AmendmentStatus.ACCEPTED
                    ? "Accepted: the amendment is signed and linked to the original document."
                    : "Denied; the denial letter with the patient's rights is written.");
            return "redirect:/amendments/" + amendmentId;
        }, () -> page(amendmentId, model, "disclosure/amendment-decision"));
    }

    private String listPage(Model model, String patientId) {
        model.addAttribute("rows", amendments.list());
        model.addAttribute("today", amendments.today());
        Long patient = null;
        try {
            patient = RightsPages.id("patientId", patientId);
        } catch (org.chartkeeper.InvalidRequestException ignored) {
            // the form shows the field's error
        }
        List<Document> documents = patient == null ? List.of() : record.chart(patient, ChartFilter.ALL);
        model.addAttribute("documents", documents);
        return "disclosure/amendments";
    }

    private String page(long id, Model model, String view) {
        AmendmentRequest a = amendments.get(id);
        model.addAttribute("a", a);
        model.addAttribute("statements", amendments.statementsOf(a));
        model.addAttribute("letters", letters.ofSubject(Letter.AMENDMENT, id));
        model.addAttribute("today", amendments.today());
        model.addAttribute("canDecide", amendments.canDecide(a));
        model.addAttribute("reasons", AmendmentDenialReason.values());
        return view;
    }
}
