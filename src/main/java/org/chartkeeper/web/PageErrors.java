package org.chartkeeper.web;

import jakarta.servlet.http.HttpServletRequest;
import org.chartkeeper.IntegrityFailureException;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AuditUnavailableException;
import org.chartkeeper.audit.PatientAccessDeniedException;
import org.chartkeeper.audit.PatientNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Errors inside page controllers: a plain page; a refused chart offers break-the-glass to those allowed it. */
@ControllerAdvice(annotations = Controller.class)
class PageErrors {

    @ExceptionHandler(PatientAccessDeniedException.class)
    ModelAndView patientDenied(PatientAccessDeniedException e) {
        ModelAndView mv = new ModelAndView("audit/denied");
        mv.addObject("patientId", e.patientId());
        mv.addObject("breakGlassAvailable", e.breakGlassAvailable());
        mv.setStatus(HttpStatus.FORBIDDEN);
        return mv;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView denied(AccessDeniedException e) {
        return page(HttpStatus.FORBIDDEN, ErrorPages.describe(HttpStatus.FORBIDDEN));
    }

    @ExceptionHandler({NotFoundException.class, PatientNotFoundException.class})
    ModelAndView notFound(RuntimeException e) {
        return page(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(StaleVersionException.class)
    ModelAndView stale(StaleVersionException e) {
        return page(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ModelAndView invalid(InvalidRequestException e) {
        ModelAndView mv = page(HttpStatus.BAD_REQUEST, e.getMessage());
        mv.addObject("field", e.field());
        return mv;
    }

    @ExceptionHandler(org.chartkeeper.DocumentDestroyedException.class)
    ModelAndView destroyed(org.chartkeeper.DocumentDestroyedException e) {
        ModelAndView mv = page(HttpStatus.GONE, e.getMessage());
        mv.addObject("title", "Destroyed");
        return mv;
    }

    @ExceptionHandler(IntegrityFailureException.class)
    ModelAndView integrity(IntegrityFailureException e) {
        ModelAndView mv = page(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        mv.addObject("title", "Integrity failure");
        return mv;
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ModelAndView auditDown(AuditUnavailableException e, HttpServletRequest req) {
        IncidentLog.record(req.getMethod(), req.getRequestURI(), e);
        return page(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest req) {
        if (e instanceof org.springframework.web.ErrorResponse known) {
            HttpStatus status = HttpStatus.resolve(known.getStatusCode().value());
            if (status != null && status.is4xxClientError()) return page(status, ErrorPages.describe(status));
        }
        if (e instanceof org.springframework.beans.TypeMismatchException mismatch) {
            return page(HttpStatus.BAD_REQUEST, "'" + mismatch.getPropertyName() + "' is not in the expected form");
        }
        String incident = IncidentLog.record(req.getMethod(), req.getRequestURI(), e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, ErrorPages.describe(HttpStatus.INTERNAL_SERVER_ERROR)
                + " Incident " + incident + ".");
    }

    private static ModelAndView page(HttpStatus status, String message) {
        ModelAndView mv = new ModelAndView("error");
        mv.addObject("status", status.value());
        mv.addObject("title", status.getReasonPhrase());
        mv.addObject("message", message);
        mv.setStatus(status);
        return mv;
    }
}
