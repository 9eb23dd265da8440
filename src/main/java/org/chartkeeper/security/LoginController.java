package org.chartkeeper.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.chartkeeper.InvalidRequestException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page and the second-factor pages (verification, and enrolment with a QR code). */
@Controller
class LoginController {

    private static final String ENROLMENT_SECRET = "chartkeeper.mfa.enrolment-secret";

    private final MfaService mfa;

    LoginController(MfaService mfa) {
        this.mfa = mfa;
    }

    @org.chartkeeper.web.NoPatientData
    @GetMapping("/login")
    String login() {
        return "security/login";
    }

    @org.chartkeeper.web.NoPatientData
    @GetMapping("/mfa/verify")
    String verifyForm() {
        return "security/mfa-verify";
    }

    @org.chartkeeper.web.NoPatientData
    @PostMapping("/mfa/verify")
    String verify(@RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model) {
        CurrentUser user = CurrentUser.require();
        if (!mfa.verify(user, code)) {
            model.addAttribute("error", "That code is not right. Enter the current 6-digit code from your authenticator.");
            return "security/mfa-verify";
        }
        return passed(request);
    }

    @org.chartkeeper.web.NoPatientData
    @GetMapping({"/mfa/enroll", "/account/mfa"})
    String enrolForm(HttpSession session, Model model) {
        CurrentUser user = CurrentUser.require();
        MfaService.Enrolment e = mfa.startEnrolment(user);
        session.setAttribute(ENROLMENT_SECRET, e.secret());
        model.addAttribute("enrolment", e);
        model.addAttribute("required", mfa.required(user));
        model.addAttribute("enrolled", mfa.enrolled(user));
        return "security/mfa-enroll";
    }

    @org.chartkeeper.web.NoPatientData
    @PostMapping({"/mfa/enroll", "/account/mfa"})
    String enrol(@RequestParam(defaultValue = "") String code, HttpServletRequest request, Model model) {
        CurrentUser user = CurrentUser.require();
        HttpSession session = request.getSession();
        String secret = (String) session.getAttribute(ENROLMENT_SECRET);
        try {
            mfa.confirmEnrolment(user, secret, code);
        } catch (InvalidRequestException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("enrolment", secret == null ? mfa.startEnrolment(user) : mfa.reshow(user, secret));
            model.addAttribute("required", mfa.required(user));
            model.addAttribute("enrolled", mfa.enrolled(user));
            return "security/mfa-enroll";
        }
        session.removeAttribute(ENROLMENT_SECRET);
        return passed(request);
    }

    private String passed(HttpServletRequest request) {
        request.getSession().removeAttribute(MfaGateFilter.PENDING);
        request.changeSessionId();
        return "redirect:/";
    }
}
