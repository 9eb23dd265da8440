package org.chartkeeper.record;

import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administration page for document types: names, categories, signature rule, retention, in use or not. */
@Controller
class DocumentTypesController {

    private final RecordService record;

    DocumentTypesController(RecordService record) {
        this.record = record;
    }

    @NoPatientData
    @GetMapping("/admin/document-types")
    String types(Model model) {
        model.addAttribute("types", record.types());
        return "record/types";
    }

    @NoPatientData
    @PostMapping("/admin/document-types")
    String save(@RequestParam(required = false) String code, @RequestParam(required = false) String name,
                @RequestParam(required = false) String category,
                @RequestParam(defaultValue = "false") boolean signatureRequired,
                @RequestParam(defaultValue = "false") boolean active,
                @RequestParam(required = false) Integer retentionYears,
                @RequestParam(defaultValue = "100") int sortOrder,
                @RequestParam(required = false) Integer version, RedirectAttributes redirect) {
        try {
            if (retentionYears == null) throw new InvalidRequestException("retentionYears", "Give the retention in years");
            DocumentType saved = record.saveType(new DocumentType(code, name, category, signatureRequired, active,
                    retentionYears, sortOrder, 0), version);
            redirect.addFlashAttribute("flash", "Saved document type " + saved.name() + ".");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/document-types";
    }
}
