package org.chartkeeper.record;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Retention: the destruction list (documents past their type's retention period, none on legal hold) is asked for
 * with a POST, like a search, so no patient list sits behind a plain address; the HIM director destroys what is due
 * and the certificates of destruction are kept.
 */
@Controller
class RetentionController {

    private final RecordService record;
    private final PermissionService permissions;

    @org.springframework.web.bind.annotation.ModelAttribute("types")
    List<DocumentType> types() {
        return record.types();
    }

    RetentionController(RecordService record, PermissionService permissions) {
        this.record = record;
        this.permissions = permissions;
    }

    @NoPatientData
    @GetMapping("/record/retention")
    String form(Model model) {
        record.requireRetention();
        model.addAttribute("asOf", LocalDate.now());
        model.addAttribute("report", null);
        model.addAttribute("typeCode", null);
        model.addAttribute("canDestroy", permissions.has(CurrentUser.require(), RecordService.DESTROY));
        return "record/retention";
    }

    @PatientData
    @PostMapping("/record/retention")
    String list(@RequestParam(required = false) String asOf, @RequestParam(required = false) String typeCode, Model model) {
        LocalDate day;
        try {
            day = asOf == null || asOf.isBlank() ? LocalDate.now() : LocalDate.parse(asOf.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("asOf", "A date such as 2026-12-31");
        }
        model.addAttribute("asOf", day);
        model.addAttribute("report", record.retention(day, 500, typeCode));
        model.addAttribute("typeCode", typeCode);
        model.addAttribute("destroyed", record.destructions(50));
        model.addAttribute("canDestroy", permissions.has(CurrentUser.require(), RecordService.DESTROY));
        return "record/retention";
    }

    @PatientData
    @PostMapping("/record/retention/destroy")
    String destroy(@RequestParam(required = false) List<Long> documentIds, @RequestParam(required = false) String reason,
                   RedirectAttributes redirect) {
        try {
            List<RecordService.Destruction> done = record.destroy(documentIds, reason);
            redirect.addFlashAttribute("flash", done.size() + " document(s) destroyed; their certificates of destruction"
                    + " are kept.");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/record/retention";
    }
}
