package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditQuery;
import org.chartkeeper.audit.AuditReportRow;
import org.chartkeeper.audit.AuditReportService;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.security.access.AccessDeniedException;

/**
 * FHIR AuditEvent: read and search of the audit trail for the privacy office (permission {@code audit.read}); each
 * search is itself recorded, like the audit report pages. Newest first.
 */
public class AuditEventResourceProvider implements IResourceProvider {

    private final AuditReportService reports;
    private final PermissionService permissions;
    private final AuditService audit;

    AuditEventResourceProvider(AuditReportService reports, PermissionService permissions, AuditService audit) {
        this.reports = reports;
        this.permissions = permissions;
        this.audit = audit;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        requireAuditRead();
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        long seq = id.getIdPartAsLong();
        var page = reports.search(new AuditQuery(null, null, null, null, null, null, null, null, null, "time", "asc", 50,
                seq - 1, null, null));
        return page.events().stream().filter(e -> e.seq() == seq).findFirst().map(FhirResourceMapping::auditEvent)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    /**
     * The audit trail, newest first: {@code date} and {@code _lastUpdated} (when recorded; an event never changes),
     * {@code patient} or {@code entity} (a Patient), {@code agent-name} (user name), {@code subtype} (our action:
     * VIEW, SEARCH, ...), {@code action} (C, U or D), {@code outcome}; paged by {@code _count} and {@code _offset}.
     */
    @Search
    public IBundleProvider search(@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                  @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceParam entity,
                                  @OptionalParam(name = AuditEvent.SP_AGENT_NAME) StringParam agentName,
                                  @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
                                  @OptionalParam(name = AuditEvent.SP_ACTION) TokenParam action,
                                  @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenParam outcome,
                                  @Count Integer count, @Offset Integer offset) {
        requireAuditRead();
        FhirSearch.Window window = FhirSearch.window(date, "date");
        FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
        Instant from = later(window.from(), changed.from());
        Instant to = earlier(window.to(), changed.to());
        if (from != null && to != null && !from.isBefore(to)) {
            return FhirSearch.page(List.of(), FhirSearch.offset(offset), FhirSearch.count(count), false); // an empty window
        }
        if (patient != null && entity != null) {
            throw new InvalidRequestException("entity", "Give patient or entity, not both");
        }
        Long patientId = null;
        if (patient != null) patientId = FhirReferences.patientId(patient, "patient");
        if (entity != null) patientId = FhirReferences.patientId(entity, "entity");
        String sub = FhirSearch.token(subtype);
        String act = action(FhirSearch.token(action));
        if (sub != null && act != null && !sub.equalsIgnoreCase(act)) {
            return FhirSearch.pageOfMore(List.of(), FhirSearch.offset(offset), FhirSearch.count(count));
        }
        int want = FhirSearch.count(count);
        int start = FhirSearch.offset(offset);
        // read one past the page (the report's page sizes are 50, 100 and 200) to know whether more follow
        int pageSize = AuditQuery.PAGE_SIZES.stream().filter(s -> s > want).findFirst().orElse(200);
        var page = reports.search(new AuditQuery(from == null ? null : from.toString(), to == null ? null : to.toString(),
                agentName == null ? null : agentName.getValue(), null, patientId, null, sub != null ? sub : act, null,
                outcome(outcome), "recorded", "desc", pageSize, null, null, (long) start));
        List<AuditEvent> rows = page.events().stream().limit(want).map(FhirResourceMapping::auditEvent).toList();
        return FhirSearch.page(rows, start, want, page.events().size() > want || page.next() != null);
    }

    /** FHIR's action code as our action (only the unambiguous ones; reads are VIEW, SEARCH, ... by subtype). */
    private static String action(String code) {
        if (code == null) return null;
        return switch (code) {
            case "C" -> AuditAction.CREATE.name();
            case "U" -> AuditAction.UPDATE.name();
            case "D" -> AuditAction.DELETE.name();
            default -> throw new InvalidRequestException("action", "action is one of C, U, D; for reads (R) and"
                    + " other actions (E) search by subtype (VIEW, SEARCH, PRINT, EXPORT, DISCLOSE, LOGIN, ...)");
        };
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static String outcome(TokenParam outcome) {
        if (outcome == null) return null;
        return switch (outcome.getValue()) {
            case "0" -> AuditOutcome.SUCCESS.name();
            case "4" -> AuditOutcome.DENIED.name();
            case "8", "12" -> AuditOutcome.FAILURE.name();
            default -> throw new InvalidRequestException("outcome", "outcome is one of 0 (success), 4 (minor failure: refused"
                    + " or not found), 8 (serious failure)");
        };
    }

    private void requireAuditRead() {
        if (permissions.currentHas(Permissions.AUDIT_READ)) return;
        audit.record(new AuditEntry(AuditAction.SEARCH, DataCategory.AUDIT_TRAIL, AuditOutcome.DENIED, null,
                "AuditEvent", null, null, "FHIR AuditEvent refused: no audit.read"));
        throw new AccessDeniedException("Reading the audit trail needs the audit.read permission (privacy office)");
    }
}
