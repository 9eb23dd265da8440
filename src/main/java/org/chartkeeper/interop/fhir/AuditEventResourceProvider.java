package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
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

    @Search
    public List<AuditEvent> search(@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
                                   @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
                                   @OptionalParam(name = AuditEvent.SP_AGENT_NAME) StringParam agentName,
                                   @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
                                   @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenParam outcome,
                                   @Count Integer count) {
        requireAuditRead();
        String from = date == null || date.getLowerBoundAsInstant() == null ? null
                : date.getLowerBoundAsInstant().toInstant().toString();
        String to = date == null || date.getUpperBoundAsInstant() == null ? null
                : date.getUpperBoundAsInstant().toInstant().toString();
        Long patientId = patient == null ? null : FhirReferences.patientId(patient, "patient");
        int want = count == null ? 50 : Math.max(1, Math.min(count, 200));
        int pageSize = AuditQuery.PAGE_SIZES.stream().filter(s -> s >= want).findFirst().orElse(200);
        var page = reports.search(new AuditQuery(from, to, agentName == null ? null : agentName.getValue(), null,
                patientId, null, subtype == null ? null : subtype.getValue(), null, outcome(outcome), "time", "desc",
                pageSize, null, null, null));
        return page.events().stream().limit(want).map(FhirResourceMapping::auditEvent).toList();
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
