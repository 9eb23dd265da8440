package org.chartkeeper.audit;

import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The emergency-access form on the "access refused" page: grant, then open the chart. */
@Controller
class BreakGlassController {

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private final BreakGlassService breakGlass;

    BreakGlassController(BreakGlassService breakGlass) {
        this.breakGlass = breakGlass;
    }

    @PatientData
    @PostMapping("/break-glass")
    ModelAndView breakGlass(@RequestParam(required = false) Long patientId, @RequestParam(required = false) String reason,
                            RedirectAttributes flash) {
        try {
            BreakGlassGrant grant = breakGlass.grant(patientId, reason);
            flash.addFlashAttribute("flash", "Emergency access granted until " + TIME.format(grant.expiresAt())
                    + ". Your reason is recorded and the privacy officer will review this access.");
            return new ModelAndView("redirect:/patients/" + grant.patientId());
        } catch (InvalidRequestException e) {
            ModelAndView mv = new ModelAndView("audit/denied");
            mv.addObject("patientId", patientId);
            mv.addObject("breakGlassAvailable", patientId != null);
            mv.addObject("reason", reason);
            mv.addObject("error", e.getMessage());
            mv.setStatus(HttpStatus.BAD_REQUEST);
            return mv;
        }
    }
}
