package org.chartkeeper.completion;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Chart completion pages: a provider's own deficiency queue (sign or co-sign right there, or open the encounter to
 * dictate), the HIM view by provider, service and age with filters, one deficiency with its waiver.
 */
@Controller
class DeficiencyController {

    private final DeficiencyService deficiencies;
    private final NoticeService notices;
    private final RecordService record;
    private final PermissionService permissions;
    private final Clock clock;

    DeficiencyController(DeficiencyService deficiencies, NoticeService notices, RecordService record,
                         PermissionService permissions, Clock clock) {
        this.deficiencies = deficiencies;
        this.notices = notices;
        this.record = record;
        this.permissions = permissions;
        this.clock = clock;
    }

    @PatientData
    @GetMapping("/completion/mine")
    String mine(Model model) {
        model.addAttribute("items", deficiencies.mine());
        model.addAttribute("provider", deficiencies.myProviderName().orElse(null));
        model.addAttribute("notices", notices.inbox());
        model.addAttribute("now", clock.instant());
        return "completion/deficiency-mine";
    }

    /** Signs (or co-signs) a document from the queue through the record's own signing path; the queue updates. */
    @PatientData
    @PostMapping("/completion/mine/documents/{documentId}/sign")
    String sign(@PathVariable long documentId, @RequestParam(required = false) Integer version,
                @RequestParam(defaultValue = "sign") String action, RedirectAttributes redirect) {
        try {
            if (version == null) throw new InvalidRequestException("version", "The document version is missing");
            if ("cosign".equals(action)) {
                record.cosign(documentId, version);
                redirect.addFlashAttribute("flash", "Co-signed document " + documentId + ".");
            } else {
                record.sign(documentId, version);
                redirect.addFlashAttribute("flash", "Signed document " + documentId + ".");
            }
        } catch (InvalidRequestException | StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/completion/mine";
    }

    @PatientData
    @GetMapping("/completion/deficiencies")
    String list(@RequestParam(required = false) Long providerId, @RequestParam(required = false) String department,
                @RequestParam(defaultValue = "open") String status, @RequestParam(required = false) String kind,
                @RequestParam(required = false) String rule, @RequestParam(required = false) String age,
                Model model, HttpServletResponse response) {
        DeficiencyFilter filter = new DeficiencyFilter(providerId, DeficiencyApi.blank(department),
                "any".equals(status) ? null : DeficiencyApi.blank(status), DeficiencyApi.blank(kind),
                DeficiencyApi.blank(rule), DeficiencyApi.blank(age), null, null, 500);
        try {
            model.addAttribute("items", deficiencies.list(filter));
            model.addAttribute("total", deficiencies.count(filter));
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            model.addAttribute("items", java.util.List.of());
            model.addAttribute("total", 0L);
        }
        model.addAttribute("filter", filter);
        model.addAttribute("status", status);
        model.addAttribute("byProvider", deficiencies.summary(true));
        model.addAttribute("byDepartment", deficiencies.summary(false));
        model.addAttribute("providers", deficiencies.providers());
        model.addAttribute("departments", deficiencies.departments());
        model.addAttribute("rules", deficiencies.rules());
        model.addAttribute("ages", DeficiencyFilter.AGES);
        model.addAttribute("kinds", DeficiencyFilter.KINDS);
        model.addAttribute("statuses", DeficiencyFilter.STATUSES);
        model.addAttribute("canManage", permissions.has(CurrentUser.require(), DeficiencyService.MANAGE));
        model.addAttribute("now", clock.instant());
        return "completion/deficiency-list";
    }

    @PatientData
    @GetMapping("/completion/deficiencies/{deficiencyId}")
    String detail(@PathVariable long deficiencyId, Model model) {
        model.addAttribute("d", deficiencies.get(deficiencyId));
        model.addAttribute("canManage", permissions.has(CurrentUser.require(), DeficiencyService.MANAGE));
        model.addAttribute("now", clock.instant());
        return "completion/deficiency-detail";
    }

    @PatientData
    @PostMapping("/completion/deficiencies/{deficiencyId}/waive")
    String waive(@PathVariable long deficiencyId, @RequestParam(required = false) Integer version,
                 @RequestParam(required = false) String reason, Model model, HttpServletResponse response,
                 RedirectAttributes redirect) {
        try {
            deficiencies.waive(deficiencyId, version, reason);
            redirect.addFlashAttribute("flash", "Deficiency waived.");
            return "redirect:/completion/deficiencies/" + deficiencyId;
        } catch (InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("field", e.field());
            model.addAttribute("reason", reason);
            return detail(deficiencyId, model);
        } catch (StaleVersionException e) {
            response.setStatus(409);
            model.addAttribute("error", e.getMessage());
            return detail(deficiencyId, model);
        }
    }

    @NoPatientData
    @PostMapping("/completion/analysis")
    String analyze(RedirectAttributes redirect) {
        DeficiencyPassResult r = deficiencies.analyze();
        redirect.addFlashAttribute("flash", "Analysis done in " + r.millis() + " ms: " + r.opened() + " opened, "
                + r.resolved() + " resolved, " + r.reopened() + " reopened, " + r.retired() + " no longer apply.");
        return "redirect:/completion/deficiencies";
    }
}
