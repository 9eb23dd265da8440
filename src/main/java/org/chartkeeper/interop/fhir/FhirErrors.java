package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletRequest;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.CountParameter;
import ca.uhn.fhir.rest.server.method.IParameter;
import ca.uhn.fhir.rest.server.method.OffsetParameter;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import ca.uhn.fhir.rest.server.method.SearchParameter;
import ca.uhn.fhir.rest.server.method.SortParameter;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AuditUnavailableException;
import org.chartkeeper.audit.PatientAccessDeniedException;
import org.chartkeeper.audit.PatientNotFoundException;
import org.chartkeeper.web.IncidentLog;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.security.access.AccessDeniedException;

/**
 * The FHIR server's one error format: an OperationOutcome naming the element that is wrong (issue.expression),
 * with the status the rest of the application would give. Anything unexpected becomes a 500 with an incident id,
 * logged without messages (they can carry patient data); a client never sees a stack trace or an exception text.
 */
@Interceptor
public class FhirErrors {

    private static final Pattern INVALID_ELEMENT = Pattern.compile("Invalid value for element '([A-Za-z0-9_.]+)': ([^\"]+)$");

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException translate(RequestDetails request, Throwable thrown, HttpServletRequest http) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof org.chartkeeper.InvalidRequestException e) {
                // fields of the patient index become Patient paths; other resources' errors name their parameter
                String path = "Patient".equals(request.getResourceName()) || e.field() == null
                        || e.field().startsWith("Bundle") ? FhirPatientMapping.path(e.field()) : e.field();
                return new InvalidRequestException(path + ": " + e.getMessage(),
                        outcome(OperationOutcome.IssueType.INVALID, path + ": " + e.getMessage(), path));
            }
            if (t instanceof org.chartkeeper.DocumentDestroyedException) {
                return new ca.uhn.fhir.rest.server.exceptions.ResourceGoneException(t.getMessage(),
                        outcome(OperationOutcome.IssueType.DELETED, t.getMessage(), null));
            }
            if (t instanceof PatientNotFoundException || t instanceof NotFoundException) {
                return new ResourceNotFoundException(t.getMessage(),
                        outcome(OperationOutcome.IssueType.NOTFOUND, t.getMessage(), null));
            }
            if (t instanceof PatientAccessDeniedException e) {
                String message = e.getMessage() + (e.breakGlassAvailable()
                        ? "; emergency access is available with a reason (POST /api/break-glass)" : "");
                return new ForbiddenOperationException(message, outcome(OperationOutcome.IssueType.FORBIDDEN, message, null));
            }
            if (t instanceof AccessDeniedException) {
                return new ForbiddenOperationException(t.getMessage(),
                        outcome(OperationOutcome.IssueType.FORBIDDEN, t.getMessage(), null));
            }
            if (t instanceof StaleVersionException) {
                return new ResourceVersionConflictException(t.getMessage(),
                        outcome(OperationOutcome.IssueType.CONFLICT, t.getMessage(), null));
            }
            if (t instanceof AuditUnavailableException) {
                String incident = IncidentLog.record(http.getMethod(), http.getRequestURI(), t);
                String message = "The audit trail could not record this access, so it was refused. Incident " + incident + ".";
                return new UnclassifiedServerFailureException(503, message,
                        outcome(OperationOutcome.IssueType.TRANSIENT, message, null));
            }
        }
        if (thrown instanceof InvalidRequestException hapi && hapi.getMessage() != null) {
            // HAPI wraps the parser's refusal in its own exception, keeping only the message
            Matcher m = INVALID_ELEMENT.matcher(hapi.getMessage());
            if (m.find()) {
                String path = "Patient".equals(request.getResourceName()) ? "Patient." + m.group(1) : m.group(1);
                String message = path + ": " + m.group(2);
                return new InvalidRequestException(message, outcome(OperationOutcome.IssueType.INVALID, message, path));
            }
        }
        if (thrown instanceof InvalidRequestException hapi && hapi.getMessage() != null
                && hapi.getMessage().contains("does not know how to handle")) {
            String unknown = unknownSearchParameter(request);
            if (unknown != null) {
                String message = unknown + ": " + request.getResourceName() + " has no search parameter '" + unknown
                        + "' here; see /fhir/metadata for the ones it supports";
                return new InvalidRequestException(message, outcome(OperationOutcome.IssueType.NOTSUPPORTED, message, unknown));
            }
        }
        if (thrown instanceof BaseServerResponseException && !(thrown instanceof InternalErrorException)) {
            return null; // HAPI's own answer (unknown parameter, unparseable body, unsupported method): its text is safe
        }
        if (thrown instanceof DataFormatException) {
            return new InvalidRequestException("The request body is not a valid FHIR resource",
                    outcome(OperationOutcome.IssueType.INVALID, "The request body is not a valid FHIR resource", null));
        }
        String incident = IncidentLog.record(http.getMethod(), http.getRequestURI(), thrown);
        String message = "Something went wrong on our side. Nothing was changed. Incident " + incident + ".";
        return new InternalErrorException(message, outcome(OperationOutcome.IssueType.EXCEPTION, message, null));
    }

    /**
     * A search with a parameter no search of its resource declares is refused before it runs, naming it (HAPI would
     * otherwise ignore a {@code _sort} it cannot serve and answer unsorted).
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void refuseUnknownSearchParameters(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation != RestOperationTypeEnum.SEARCH_TYPE) return;
        String unknown = unknownSearchParameter(request);
        if (unknown != null) {
            String message = unknown + ": " + request.getResourceName() + " has no search parameter '" + unknown
                    + "' here; see /fhir/metadata for the ones it supports";
            throw new InvalidRequestException(message, outcome(OperationOutcome.IssueType.NOTSUPPORTED, message, unknown));
        }
    }

    /** Parameters every search takes, whatever its resource. */
    private static final Set<String> GENERAL = Set.of("_format", "_pretty", "_summary", "_elements");

    /**
     * The first parameter of a search request that no search of its resource declares (HAPI only says it cannot
     * handle the combination), or null when each is known somewhere (then the combination is what is refused).
     */
    static String unknownSearchParameter(RequestDetails request) {
        if (request.getResourceName() == null || request.getId() != null || request.getOperation() != null
                || !(request.getServer() instanceof RestfulServer server)) {
            return null;
        }
        Set<String> known = new HashSet<>(GENERAL);
        for (ResourceBinding b : server.getResourceBindings()) {
            if (!request.getResourceName().equals(b.getResourceName())) continue;
            for (BaseMethodBinding m : b.getMethodBindings()) {
                if (!(m instanceof SearchMethodBinding)) continue;
                for (IParameter p : m.getParameters()) {
                    if (p instanceof SearchParameter sp) known.add(sp.getName());
                    if (p instanceof CountParameter) known.add("_count");
                    if (p instanceof OffsetParameter) known.add("_offset");
                    if (p instanceof SortParameter) known.add("_sort");
                }
            }
        }
        for (String name : request.getParameters().keySet()) {
            String bare = name.split("[:.]", 2)[0];
            if (!known.contains(bare)) return bare;
        }
        return null;
    }

    static OperationOutcome outcome(OperationOutcome.IssueType type, String message, String expression) {
        OperationOutcome oo = new OperationOutcome();
        var issue = oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(message);
        if (expression != null) issue.addExpression(expression);
        return oo;
    }
}
