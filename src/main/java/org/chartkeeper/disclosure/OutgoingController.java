package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages for requests to outside facilities: the list with follow-up clocks, a new request, one request. */
@Controller
class OutgoingController {

    private final OutgoingService outgoing;

    OutgoingController(OutgoingService outgoing) {
        this.outgoing = outgoing;
    }

    @PatientData
    @GetMapping("/roi/outgoing")
    String list(@RequestParam(required = false) String patientId, Model model) {
        model.addAttribute("form", patientId == null ? Map.of() : Map.of("patientId", patientId));
        return listPage(model);
    }

    @PatientData
    @PostMapping("/roi/outgoing")
    String create(@RequestParam Map<String, String> form, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            OutgoingRequest o = outgoing.create(new NewOutgoingRequest(RightsPages.id("patientId", form.get("patientId")),
                    form.get("facility"), form.get("facilityContact"), form.get("askedFor"), form.get("purpose"),
                    form.get("sentOn")));
            redirect.addFlashAttribute("flash", o.number() + " recorded; follow up by " + o.followUpOn() + ".");
            return "redirect:/roi/outgoing/" + o.id();
        }, () -> listPage(model));
    }

    @PatientData
    @GetMapping("/roi/outgoing/{outgoingId}")
    String get(@PathVariable long outgoingId, Model model) {
        model.addAttribute("form", Map.of());
        return page(outgoingId, model);
    }

    @PatientData
    @PostMapping("/roi/outgoing/{outgoingId}/receipt")
    String receive(@PathVariable long outgoingId, @RequestParam Map<String, String> form,
                   @RequestParam(required = false) List<MultipartFile> files, Model model,
                   HttpServletResponse response, RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            OutgoingRequest o = outgoing.receive(outgoingId, RightsPages.version(form), OutgoingApi.files(files));
            redirect.addFlashAttribute("flash", "Received; filed for indexing as scanned batch " + o.scanBatchId() + ".");
            return "redirect:/roi/outgoing/" + outgoingId;
        }, () -> page(outgoingId, model));
    }

    @PatientData
    @PostMapping("/roi/outgoing/{outgoingId}/{action}")
    String act(@PathVariable long outgoingId, @PathVariable String action, @RequestParam Map<String, String> form,
               Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            int v = RightsPages.version(form);
            String done = switch (action) {
                case "follow-up" -> "Follow-up recorded; next by " + outgoing.followUp(outgoingId, v, form.get("note"))
                        .followUpOn() + ".";
                case "cancel" -> {
                    outgoing.cancel(outgoingId, v, form.get("reason"));
                    yield "Cancelled.";
                }
                default -> throw new org.chartkeeper.NotFoundException("No action " + action);
            };
            redirect.addFlashAttribute("flash", done);
            return "redirect:/roi/outgoing/" + outgoingId;
        }, () -> page(outgoingId, model));
    }

    private String listPage(Model model) {
        model.addAttribute("rows", outgoing.list());
        model.addAttribute("today", outgoing.today());
        model.addAttribute("followUpDays", outgoing.followUpDays());
        return "disclosure/outgoing-list";
    }

    private String page(long id, Model model) {
        model.addAttribute("o", outgoing.get(id));
        model.addAttribute("today", outgoing.today());
        return "disclosure/outgoing";
    }
}
