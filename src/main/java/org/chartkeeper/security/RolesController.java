package org.chartkeeper.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The roles-by-permissions matrix: one form per role, and whether each role requires a second factor. */
@Controller
@RequestMapping("/admin/roles")
class RolesController {

    private final RoleService roles;

    RolesController(RoleService roles) {
        this.roles = roles;
    }

    @NoPatientData
    @GetMapping
    String matrix(Model model) {
        return page(model);
    }

    @NoPatientData
    @PostMapping("/{code}/permissions")
    String permissions(@PathVariable String code, @RequestParam(required = false) List<String> permissions,
                       @RequestParam int version, Model model, HttpServletResponse response,
                       RedirectAttributes redirect) {
        try {
            RoleService.RoleGrants r = roles.setPermissions(code, AdminForms.checked(permissions), version);
            redirect.addFlashAttribute("flash", "Saved the permissions of " + r.name() + ". They apply at once.");
        } catch (InvalidRequestException e) {
            AdminForms.rejected(e, model, response);
            model.addAttribute("errorRole", code);
            return page(model);
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/roles";
    }

    @NoPatientData
    @PostMapping("/{code}/mfa")
    String mfa(@PathVariable String code, @RequestParam boolean mfaRequired, @RequestParam int version,
               RedirectAttributes redirect) {
        try {
            RoleService.RoleGrants r = roles.setMfaRequired(code, mfaRequired, version);
            redirect.addFlashAttribute("flash", r.name() + (mfaRequired ? " now requires" : " no longer requires")
                    + " two-step sign-in.");
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/roles";
    }

    private String page(Model model) {
        model.addAttribute("matrix", roles.matrix());
        if (model.getAttribute("errors") == null) model.addAttribute("errors", Map.of());
        return "admin/roles";
    }
}
