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

/**
 * All API tokens, issuing for any user and revoking. An issued secret is shown once on the response to the POST
 * itself (not after a redirect), so that it is never stored anywhere, not even in the session.
 */
@Controller
@RequestMapping("/admin/tokens")
class TokensController {

    private final ApiTokenService tokens;
    private final UserService users;

    TokensController(ApiTokenService tokens, UserService users) {
        this.tokens = tokens;
        this.users = users;
    }

    @NoPatientData
    @GetMapping
    String list(Model model) {
        return page(model, null, "", String.valueOf(ApiTokenService.DEFAULT_DAYS));
    }

    @NoPatientData
    @PostMapping
    String issue(@RequestParam(required = false) Long userId, @RequestParam(defaultValue = "") String name,
                 @RequestParam(defaultValue = "") String days, Model model, HttpServletResponse response) {
        try {
            if (userId == null) throw new InvalidRequestException("userId", "Choose the user the token acts as");
            var issued = tokens.issue(userId, name, ApiTokenService.validFor(AdminForms.number("days", days)),
                    Actor.current());
            model.addAttribute("issued", issued);
            model.addAttribute("back", "/admin/tokens");
            return "admin/token-issued";
        } catch (InvalidRequestException e) {
            AdminForms.rejected(e, model, response);
            return page(model, userId, name, days);
        }
    }

    @NoPatientData
    @PostMapping("/{tokenId}/revoke")
    String revoke(@PathVariable long tokenId, RedirectAttributes redirect) {
        var t = tokens.revoke(tokenId, Actor.current());
        redirect.addFlashAttribute("flash", "Revoked token '" + t.name() + "' of " + t.username() + ".");
        return "redirect:/admin/tokens";
    }

    private String page(Model model, Long userId, String name, String days) {
        model.addAttribute("tokens", tokens.all());
        model.addAttribute("users", users.all());
        model.addAttribute("form", Map.of("userId", userId == null ? "" : String.valueOf(userId), "name", name,
                "days", days));
        model.addAttribute("maxDays", ApiTokenService.MAX_DAYS);
        if (model.getAttribute("errors") == null) model.addAttribute("errors", Map.of());
        return "admin/tokens";
    }
}
