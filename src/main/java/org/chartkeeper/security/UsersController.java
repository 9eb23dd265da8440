package org.chartkeeper.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
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

/** Administration of user accounts: list, create, roles, enabling, unlocking, passwords, authenticators, tokens. */
@Controller
@RequestMapping("/admin/users")
class UsersController {

    private final UserService users;
    private final PermissionService permissions;
    private final MfaService mfa;
    private final ApiTokenService tokens;

    UsersController(UserService users, PermissionService permissions, MfaService mfa, ApiTokenService tokens) {
        this.users = users;
        this.permissions = permissions;
        this.mfa = mfa;
        this.tokens = tokens;
    }

    record NewUser(String username, String displayName, List<String> roles) {}

    @NoPatientData
    @GetMapping
    String list(Model model) {
        return listPage(model, new NewUser("", "", List.of()));
    }

    @NoPatientData
    @PostMapping
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
                  @RequestParam(defaultValue = "") String password, @RequestParam(required = false) List<String> roles,
                  Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            UserAccount created = users.create(username.strip(), displayName, password, AdminForms.checked(roles), false,
                    Actor.current());
            redirect.addFlashAttribute("flash", "Created user " + created.username() + ".");
            return "redirect:/admin/users/" + created.id();
        } catch (InvalidRequestException e) {
            AdminForms.rejected(e, model, response);
            return listPage(model, new NewUser(username, displayName, roles == null ? List.of() : roles));
        }
    }

    @NoPatientData
    @GetMapping("/{userId}")
    String show(@PathVariable long userId, Model model) {
        return userPage(userId, model);
    }

    @NoPatientData
    @PostMapping("/{userId}/roles")
    String roles(@PathVariable long userId, @RequestParam(required = false) List<String> roles,
                 @RequestParam int version, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return change(userId, model, response, redirect, () -> {
            UserAccount a = users.setRoles(userId, AdminForms.checked(roles), version);
            return "Roles of " + a.username() + " are now " + String.join(", ", a.roles().stream().sorted().toList()) + ".";
        });
    }

    @NoPatientData
    @PostMapping("/{userId}/enabled")
    String enabled(@PathVariable long userId, @RequestParam boolean enabled, @RequestParam int version, Model model,
                   HttpServletResponse response, RedirectAttributes redirect) {
        return change(userId, model, response, redirect, () -> {
            UserAccount a = users.setEnabled(userId, enabled, version);
            return (enabled ? "Enabled " : "Disabled ") + a.username() + ".";
        });
    }

    @NoPatientData
    @PostMapping("/{userId}/unlock")
    String unlock(@PathVariable long userId, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return change(userId, model, response, redirect, () -> "Unlocked " + users.unlock(userId).username() + ".");
    }

    @NoPatientData
    @PostMapping("/{userId}/password")
    String password(@PathVariable long userId, @RequestParam(defaultValue = "") String password, Model model,
                    HttpServletResponse response, RedirectAttributes redirect) {
        return change(userId, model, response, redirect, () -> {
            users.resetPassword(userId, password, Actor.current());
            return "Password of " + users.get(userId).username() + " set. Give it to them by a safe channel.";
        });
    }

    @NoPatientData
    @PostMapping("/{userId}/mfa-reset")
    String resetMfa(@PathVariable long userId, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return change(userId, model, response, redirect, () -> {
            UserAccount a = users.get(userId);
            mfa.reset(userId);
            return "Authenticator of " + a.username() + " removed; they set up a new one at their next sign-in"
                    + " if their role requires it.";
        });
    }

    @NoPatientData
    @PostMapping("/{userId}/tokens/{tokenId}/revoke")
    String revokeToken(@PathVariable long userId, @PathVariable long tokenId, Model model,
                       HttpServletResponse response, RedirectAttributes redirect) {
        return change(userId, model, response, redirect, () -> {
            ApiTokenService.TokenView t = tokens.get(tokenId);
            if (t.userId() != userId) throw new InvalidRequestException("token", "That token belongs to another user");
            tokens.revoke(tokenId, Actor.current());
            return "Revoked token '" + t.name() + "'.";
        });
    }

    private String change(long userId, Model model, HttpServletResponse response, RedirectAttributes redirect,
                          java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("flash", action.get());
        } catch (InvalidRequestException e) {
            AdminForms.rejected(e, model, response);
            return userPage(userId, model);
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/users/" + userId;
    }

    private String listPage(Model model, NewUser form) {
        model.addAttribute("users", users.all());
        model.addAttribute("roles", permissions.roles());
        model.addAttribute("form", form);
        model.addAttribute("minPassword", UserService.MIN_PASSWORD_LENGTH);
        model.addAttribute("errors", model.getAttribute("errors") == null ? Map.of() : model.getAttribute("errors"));
        return "admin/users";
    }

    private String userPage(long userId, Model model) {
        model.addAttribute("account", users.get(userId));
        model.addAttribute("roles", permissions.roles());
        model.addAttribute("tokens", tokens.forUser(userId));
        model.addAttribute("minPassword", UserService.MIN_PASSWORD_LENGTH);
        model.addAttribute("errors", model.getAttribute("errors") == null ? Map.of() : model.getAttribute("errors"));
        return "admin/user";
    }
}
