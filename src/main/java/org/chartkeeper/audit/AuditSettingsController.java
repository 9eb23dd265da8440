package org.chartkeeper.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The Audit settings page: one form per setting, errors beside the setting, every change audited. */
@Controller
@RequestMapping("/admin/audit-settings")
class AuditSettingsController {

    private final AuditSettingsService settings;

    AuditSettingsController(AuditSettingsService settings) {
        this.settings = settings;
    }

    @NoPatientData
    @GetMapping
    String page(Model model) {
        model.addAttribute("settings", settings.all());
        if (model.getAttribute("errors") == null) model.addAttribute("errors", Map.of());
        return "admin/audit-settings";
    }

    @NoPatientData
    @PostMapping
    String update(@RequestParam(defaultValue = "") String key, @RequestParam(defaultValue = "") String value,
                  @RequestParam int version, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            AuditSetting s = settings.update(key, value, version);
            redirect.addFlashAttribute("flash", s.label() + " is now " + s.value()
                    + (s.unit() == null ? "" : " " + s.unit()) + ".");
        } catch (InvalidRequestException e) {
            model.addAttribute("errors", Map.of(key, e.getMessage()));
            model.addAttribute("error", "Nothing was changed: " + e.getMessage());
            model.addAttribute("submitted", Map.of(key, value));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(model);
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/audit-settings";
    }
}
