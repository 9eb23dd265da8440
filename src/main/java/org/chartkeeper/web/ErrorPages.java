package org.chartkeeper.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors that happen outside a controller (unknown URL, refused by a filter, oversized request): a problem detail
 * for /api and /fhir and API clients, a plain page for people. Never a stack trace.
 */
@Controller
class ErrorPages implements ErrorController {

    @NoPatientData
    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, describe(status));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null) p.setInstance(java.net.URI.create(uri.toString().replace(" ", "%20")));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @NoPatientData
    @RequestMapping("/error")
    Object page(HttpServletRequest request) {
        HttpStatus status = status(request);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri != null && (uri.toString().startsWith("/api/") || uri.toString().startsWith("/fhir"))) {
            return problem(request);
        }
        ModelAndView mv = new ModelAndView("error", Map.of("status", status.value(), "title", status.getReasonPhrase(),
                "message", describe(status)));
        mv.setStatus(status);
        return mv;
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus s = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        return s == null ? HttpStatus.INTERNAL_SERVER_ERROR : s;
    }

    static String describe(HttpStatus status) {
        return switch (status) {
            case FORBIDDEN -> "Your role does not permit this. The attempt has been recorded.";
            case NOT_FOUND -> "There is nothing at this address.";
            case UNAUTHORIZED -> "Sign in first.";
            case PAYLOAD_TOO_LARGE, CONTENT_TOO_LARGE -> "The request is too large.";
            case METHOD_NOT_ALLOWED -> "This address does not accept that method.";
            case BAD_REQUEST -> "The request could not be understood.";
            case SERVICE_UNAVAILABLE -> "Chartkeeper cannot serve this right now; try again shortly.";
            default -> status.is4xxClientError() ? "The request was refused." : "Something went wrong on our side. Nothing was changed.";
        };
    }
}
