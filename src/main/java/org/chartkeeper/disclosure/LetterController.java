package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.TreeSet;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages for letters: the templates (edited by roi.letters), a stored letter's PDF, a request's letters. */
@Controller
class LetterController {

    private final LetterService letters;
    private final DisclosureService roi;

    LetterController(LetterService letters, DisclosureService roi) {
        this.letters = letters;
        this.roi = roi;
    }

    @NoPatientData
    @GetMapping("/roi/letters/templates")
    String templates(Model model) {
        model.addAttribute("form", Map.of());
        return templatesPage(model);
    }

    @NoPatientData
    @PostMapping("/roi/letters/templates/{code}")
    String save(@PathVariable String code, @RequestParam Map<String, String> form, Model model,
                HttpServletResponse response, RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            LetterTemplate t = letters.saveTemplate(code, RightsPages.version(form), form.get("name"), form.get("body"));
            redirect.addFlashAttribute("flash", "Template '" + t.name() + "' saved.");
            return "redirect:/roi/letters/templates#template-" + code;
        }, () -> {
            model.addAttribute("failed", code);
            return templatesPage(model);
        });
    }

    @PatientData
    @GetMapping("/roi/letters/{letterId}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable long letterId) {
        LetterService.LetterFile f = letters.pdf(letterId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(f.fileName()).build().toString())
                .body(f.pdf());
    }

    @PatientData
    @GetMapping("/roi/requests/{requestId}/letters")
    String ofRequest(@PathVariable long requestId, Model model) {
        model.addAttribute("form", Map.of());
        return requestPage(requestId, model);
    }

    @PatientData
    @PostMapping("/roi/requests/{requestId}/letters")
    String generate(@PathVariable long requestId, @RequestParam Map<String, String> form, Model model,
                    HttpServletResponse response, RedirectAttributes redirect) {
        return RightsPages.act(model, response, form, () -> {
            Letter l = letters.forRequest(requestId, form.get("template"), form);
            redirect.addFlashAttribute("flash", l.templateName() + " written.");
            return "redirect:/roi/requests/" + requestId + "/letters";
        }, () -> requestPage(requestId, model));
    }

    private String templatesPage(Model model) {
        model.addAttribute("templates", letters.templates());
        model.addAttribute("fields", new TreeSet<>(LetterService.FIELDS));
        return "disclosure/letter-templates";
    }

    private String requestPage(long requestId, Model model) {
        model.addAttribute("view", roi.request(requestId));
        model.addAttribute("letters", letters.ofSubject(Letter.REQUEST, requestId));
        return "disclosure/request-letters";
    }
}
