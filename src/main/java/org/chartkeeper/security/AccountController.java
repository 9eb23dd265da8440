package org.chartkeeper.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in user's own account: roles, permissions, two-step sign-in, and their own API tokens. */
@Controller
@RequestMapping("/account")
class AccountController {

    private final UserService users;
    private final PermissionService permissions;
    private final MfaService mfa;
    private final ApiTokenService tokens;

    AccountController(UserService users, PermissionService permissions, MfaService mfa, ApiTokenService tokens) {
        this.users = users;
        this.permissions = permissions;
        this.mfa = mfa;
        this.tokens = tokens;
    }

    @NoPatientData
    @GetMapping
    String account(Model model) {
        return page(model, "", String.valueOf(ApiTokenService.DEFAULT_DAYS));
    }

    @NoPatientData
    @PostMapping("/tokens")
    String issue(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String days,
                 Model model, HttpServletResponse response) {
        CurrentUser me = CurrentUser.require();
        try {
            var issued = tokens.issue(me.id(), name, ApiTokenService.validFor(AdminForms.number("days", days)),
                    Actor.current());
            model.addAttribute("issued", issued);
            model.addAttribute("back", "/account");
            return "admin/token-issued";
        } catch (InvalidRequestException e) {
            AdminForms.rejected(e, model, response);
            return page(model, name, days);
        }
    }

    @NoPatientData
    @PostMapping("/tokens/{tokenId}/revoke")
    String revoke(@PathVariable long tokenId, RedirectAttributes redirect) {
        // ApiTokenService refuses (and audits) another user's token unless the user holds admin.tokens
        var t = tokens.revoke(tokenId, Actor.current());
        redirect.addFlashAttribute("flash", "Revoked token '" + t.name() + "'.");
        return "redirect:/account";
    }

    private String page(Model model, String name, String days) {
        CurrentUser me = CurrentUser.require();
        model.addAttribute("account", users.get(me.id()));
        model.addAttribute("roles", permissions.roles().stream().filter(r -> me.roles().contains(r.code())).toList());
        Map<String, String> descriptions = new java.util.HashMap<>();
        permissions.permissions().forEach(p -> descriptions.put(p.code(), p.description()));
        model.addAttribute("permissions", permissions.permissionsOf(me).stream()
                .map(p -> new PermissionService.PermissionView(p, descriptions.getOrDefault(p, ""))).toList());
        model.addAttribute("mfaEnrolled", mfa.enrolled(me));
        model.addAttribute("mfaRequired", mfa.required(me));
        model.addAttribute("tokens", tokens.forUser(me.id()));
        model.addAttribute("form", Map.of("name", name, "days", days));
        model.addAttribute("maxDays", ApiTokenService.MAX_DAYS);
        if (model.getAttribute("errors") == null) model.addAttribute("errors", Map.of());
        return "security/account";
    }
}
