package org.chartkeeper.disclosure;

import org.chartkeeper.NotFoundException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The recipient's side of a secure download link, without signing in: the token in the path is the credential. The
 * GET shows a landing page that names no patient (so that mail scanners and link previews do not use up a one-time
 * link); the download itself is the POST from that page, counted and audited.
 */
@Controller
class ReleaseDownloadController {

    private final FulfillmentService fulfillment;

    ReleaseDownloadController(FulfillmentService fulfillment) {
        this.fulfillment = fulfillment;
    }

    @NoPatientData
    @GetMapping("/release/download/{token}")
    String landing(@PathVariable String token, Model model) {
        FulfillmentService.LinkStatus status = fulfillment.linkStatus(token);
        model.addAttribute("status", status);
        model.addAttribute("token", token);
        if (!status.usable()) throw new ReleaseLinkGoneException("This download link has expired or been used up."
                + " Please ask the Release of Information office for a new link.");
        return "disclosure/download";
    }

    @PatientData
    @PostMapping("/release/download/{token}")
    ResponseEntity<byte[]> download(@PathVariable String token) {
        return FulfillmentApi.pdfResponse(fulfillment.download(token));
    }

    @ExceptionHandler(ReleaseLinkGoneException.class)
    ModelAndView gone(ReleaseLinkGoneException e) {
        ModelAndView mv = new ModelAndView("disclosure/download-gone");
        mv.addObject("message", e.getMessage());
        mv.setStatus(HttpStatus.GONE);
        return mv;
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView unknown(NotFoundException e) {
        ModelAndView mv = new ModelAndView("disclosure/download-gone");
        mv.addObject("message", "There is no such download link. Check the address you were sent.");
        mv.setStatus(HttpStatus.NOT_FOUND);
        return mv;
    }
}
