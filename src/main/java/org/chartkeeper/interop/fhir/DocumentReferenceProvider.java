package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.record.ChartFilter;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.RecordService;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * FHIR DocumentReference over the legal health record: read and search within a patient; the content is a Binary
 * ({@code Binary/{document id}}), verified against its SHA-256 when read. Every read is an audited view through the
 * record service.
 */
public class DocumentReferenceProvider implements IResourceProvider {

    static final String TYPE_SYSTEM = "urn:chartkeeper:document-type";
    private final RecordService records;

    DocumentReferenceProvider(RecordService records) {
        this.records = records;
    }

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    @Read
    public DocumentReference read(@IdParam IdType id, RequestDetails request) {
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        return map(records.get(id.getIdPartAsLong()), request.getFhirServerBase());
    }

    @Search
    public List<DocumentReference> search(@OptionalParam(name = DocumentReference.SP_PATIENT) ReferenceParam patient,
                                          @OptionalParam(name = DocumentReference.SP_SUBJECT) ReferenceParam subject,
                                          @OptionalParam(name = DocumentReference.SP_TYPE) TokenParam type,
                                          @OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
                                          @OptionalParam(name = DocumentReference.SP_STATUS) TokenParam status,
                                          RequestDetails request) {
        ReferenceParam who = patient != null ? patient : subject;
        if (who == null) {
            throw new InvalidRequestException("DocumentReference", "Search documents within a patient: give patient=Patient/{id}");
        }
        long patientId = FhirReferences.patientId(who, "patient");
        LocalDate from = date == null || date.getLowerBoundAsInstant() == null ? null
                : LocalDate.ofInstant(date.getLowerBoundAsInstant().toInstant(), ZoneOffset.UTC);
        LocalDate to = date == null || date.getUpperBoundAsInstant() == null ? null
                : LocalDate.ofInstant(date.getUpperBoundAsInstant().toInstant(), ZoneOffset.UTC);
        String wantedStatus = status == null ? null : status.getValue();
        if (wantedStatus != null && !List.of("current", "superseded", "entered-in-error").contains(wantedStatus)) {
            throw new InvalidRequestException("status", "status is one of current, superseded, entered-in-error");
        }
        String base = request.getFhirServerBase();
        return records.chart(patientId, new ChartFilter(type == null ? null : type.getValue(), from, to, null)).stream()
                .map(d -> map(d, base))
                .filter(r -> wantedStatus == null || r.getStatus().toCode().equals(wantedStatus)).toList();
    }

    static DocumentReference map(Document d, String base) {
        DocumentReference r = new DocumentReference();
        r.setId(String.valueOf(d.id()));
        r.getMeta().setVersionId(String.valueOf(d.version()));
        if (d.updatedAt() != null) r.getMeta().setLastUpdated(Date.from(d.updatedAt()));
        r.setStatus(d.enteredInError() ? Enumerations.DocumentReferenceStatus.ENTEREDINERROR
                : Enumerations.DocumentReferenceStatus.CURRENT);
        r.setDocStatus(switch (d.status()) {
            case DRAFT -> DocumentReference.ReferredDocumentStatus.PRELIMINARY;
            case AMENDED -> DocumentReference.ReferredDocumentStatus.AMENDED;
            case ENTERED_IN_ERROR -> DocumentReference.ReferredDocumentStatus.ENTEREDINERROR;
            default -> DocumentReference.ReferredDocumentStatus.FINAL;
        });
        r.setType(new CodeableConcept(new Coding(TYPE_SYSTEM, d.typeCode(), d.typeName())).setText(d.typeName()));
        r.addCategory(new CodeableConcept(new Coding("http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
                "clinical-note", "Clinical Note")));
        r.setSubject(new Reference("Patient/" + d.patientId()));
        r.setDate(Date.from(d.createdAt()));
        if (d.authorProviderId() != null) {
            r.addAuthor(new Reference("Practitioner/" + d.authorProviderId()).setDisplay(d.authorName()));
        }
        if (d.signedByName() != null) r.setAuthenticator(new Reference().setDisplay(d.signedByName()));
        if (d.title() != null) r.setDescription(d.title());
        if (d.parentId() != null) {
            r.addRelatesTo().setCode("amendment".equals(d.relation())
                            ? DocumentReference.DocumentRelationshipType.REPLACES
                            : DocumentReference.DocumentRelationshipType.APPENDS)
                    .setTarget(new Reference("DocumentReference/" + d.parentId()));
        }
        Attachment a = new Attachment().setContentType(d.isFile() && d.mediaType() != null ? d.mediaType()
                : "text/plain; charset=utf-8").setUrl(base + "/Binary/" + d.id()).setTitle(d.isFile() ? d.fileName() : d.title());
        if (d.isFile() && d.sizeBytes() > 0 && d.sizeBytes() <= Integer.MAX_VALUE) a.setSize((int) d.sizeBytes());
        if (d.serviceAt() != null) a.setCreation(Date.from(d.serviceAt()));
        r.addContent().setAttachment(a);
        if (d.encounterId() != null) r.getContext().addEncounter(new Reference("Encounter/" + d.encounterId()));
        if (d.serviceAt() != null) r.getContext().getPeriod().setStart(Date.from(d.serviceAt()));
        return r;
    }
}
