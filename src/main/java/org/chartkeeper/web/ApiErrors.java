package org.chartkeeper.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.chartkeeper.IntegrityFailureException;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AuditUnavailableException;
import org.chartkeeper.audit.PatientAccessDeniedException;
import org.chartkeeper.audit.PatientNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The API's one error format: RFC 9457 problem details naming what is wrong. */
@RestControllerAdvice(annotations = RestController.class)
class ApiErrors extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e, HttpServletRequest req) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(), req);
        p.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return p;
    }

    @ExceptionHandler(StaleVersionException.class)
    ProblemDetail stale(StaleVersionException e, HttpServletRequest req) {
        return problem(HttpStatus.CONFLICT, "Version conflict", e.getMessage(), req);
    }

    @ExceptionHandler({NotFoundException.class, PatientNotFoundException.class})
    ProblemDetail notFound(RuntimeException e, HttpServletRequest req) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), req);
    }

    @ExceptionHandler(PatientAccessDeniedException.class)
    ProblemDetail patientDenied(PatientAccessDeniedException e, HttpServletRequest req) {
        ProblemDetail p = problem(HttpStatus.FORBIDDEN, "Access refused", e.getMessage()
                + (e.breakGlassAvailable() ? "; emergency access is available with a reason (POST /api/break-glass)" : ""), req);
        p.setProperty("breakGlassAvailable", e.breakGlassAvailable());
        return p;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e, HttpServletRequest req) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), req);
    }

    @ExceptionHandler(org.chartkeeper.DocumentDestroyedException.class)
    ProblemDetail destroyed(org.chartkeeper.DocumentDestroyedException e, HttpServletRequest req) {
        return problem(HttpStatus.GONE, "Destroyed", e.getMessage(), req);
    }

    @ExceptionHandler(IntegrityFailureException.class)
    ProblemDetail integrity(IntegrityFailureException e, HttpServletRequest req) {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Integrity failure", e.getMessage(), req);
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ProblemDetail auditDown(AuditUnavailableException e, HttpServletRequest req) {
        IncidentLog.record(req.getMethod(), req.getRequestURI(), e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Audit trail unavailable", e.getMessage(), req);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest req) {
        String incident = IncidentLog.record(req.getMethod(), req.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "Something went wrong on our side. Nothing was changed. Incident " + incident + ".", req);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Some fields are invalid");
        p.setTitle("Invalid request");
        p.setProperty("errors", ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()))).toList());
        return ResponseEntity.badRequest().body(p);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String cause = ex.getMostSpecificCause().getClass().getSimpleName();
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON for this endpoint (" + cause + ")");
        p.setTitle("Malformed request body");
        return ResponseEntity.badRequest().body(p);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, HttpServletRequest req) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setInstance(URI.create(req.getRequestURI()));
        return p;
    }
}
