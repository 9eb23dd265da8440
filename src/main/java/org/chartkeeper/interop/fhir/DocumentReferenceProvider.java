package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.DocumentQuery;
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
    /** The _sort keys and the document times they sort by. */
    private static final Map<String, String> SORTS = new java.util.LinkedHashMap<>(Map.of(
            "date", "created", "_lastUpdated", "updated"));
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

    /**
     * A patient's documents: {@code type} (document type code), {@code date} (when the document was made, R4's
     * DocumentReference.date), {@code period} (the service date), {@code status}, {@code encounter},
     * {@code identifier} (the sender's identifier of a document received from another system), {@code _lastUpdated};
     * one audited view of the chart. Without a patient, by {@code identifier}: each document found an audited view.
     */
    @Search
    public IBundleProvider search(@OptionalParam(name = DocumentReference.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = DocumentReference.SP_SUBJECT) ReferenceParam subject,
                                  @OptionalParam(name = DocumentReference.SP_TYPE) TokenParam type,
                                  @OptionalParam(name = DocumentReference.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = DocumentReference.SP_PERIOD) DateRangeParam period,
                                  @OptionalParam(name = DocumentReference.SP_STATUS) TokenParam status,
                                  @OptionalParam(name = DocumentReference.SP_ENCOUNTER) ReferenceParam encounter,
                                  @OptionalParam(name = DocumentReference.SP_IDENTIFIER) TokenParam identifier,
                                  @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                  @Sort SortSpec sort, @Count Integer count, @Offset Integer offset,
                                  RequestDetails request) {
        ReferenceParam who = patient != null ? patient : subject;
        String idValue = FhirSearch.token(identifier);
        String idSystem = idValue == null || identifier.getSystem() == null || identifier.getSystem().isBlank() ? null
                : identifier.getSystem().strip();
        if (who == null && idValue == null) {
            throw new InvalidRequestException("patient", "Search documents within a patient (patient=Patient/{id}) or by"
                    + " the sender's identifier (identifier)");
        }
        Long patientId = who == null ? null : FhirReferences.patientId(who, "patient");
        String wantedStatus = FhirSearch.token(status);
        if (wantedStatus != null && !List.of("current", "superseded", "entered-in-error").contains(wantedStatus)) {
            throw new InvalidRequestException("status", "status is one of current, superseded, entered-in-error");
        }
        Long encounterId = FhirReferences.encounterId(encounter);
        FhirSearch.Window made = FhirSearch.window(date, "date");
        FhirSearch.Window service = FhirSearch.window(period, "period");
        FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
        if ("superseded".equals(wantedStatus)) return FhirSearch.page(List.of(), offset, count); // none are
        Boolean errors = wantedStatus == null ? null : "entered-in-error".equals(wantedStatus);
        List<DocumentQuery.Sort> order = new java.util.ArrayList<>();
        for (SortSpec s = sort; s != null; s = s.getChain()) {
            String key = SORTS.get(s.getParamName());
            if (key == null) {
                throw new InvalidRequestException("_sort", "_sort supports " + String.join(", ", SORTS.keySet())
                        + "; not " + s.getParamName());
            }
            order.add(new DocumentQuery.Sort(key, s.getOrder() == SortOrderEnum.DESC));
        }
        // every filter, the order and the page in the SQL: a chart of thousands of documents loses none
        var query = new DocumentQuery(FhirSearch.token(type), encounterId, made.from(), made.to(), service.from(),
                service.to(), changed.from(), changed.to(), errors, order);
        int from = FhirSearch.offset(offset);
        int size = FhirSearch.count(count);
        String base = request.getFhirServerBase();
        if (idValue == null) {
            RecordService.DocumentResults page = records.search(patientId, query, from, size);
            return FhirSearch.page(page.documents().stream().map(d -> map(d, base)).toList(), from, size, page.total());
        }
        // by the sender's identifier (a handful of documents at most), within the patient when one is named
        Long wantedPatient = patientId;
        Long wantedEncounter = encounterId;
        String wantedType = FhirSearch.token(type);
        java.util.Comparator<Document> byOrder = java.util.Comparator.comparing(Document::id);
        for (int i = order.size() - 1; i >= 0; i--) {
            DocumentQuery.Sort o = order.get(i);
            java.util.Comparator<Document> c = java.util.Comparator.comparing((Document d) -> switch (o.key()) {
                case "created" -> d.createdAt();
                case "updated" -> d.updatedAt();
                default -> d.serviceAt();
            }, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
            byOrder = (o.descending() ? c.reversed() : c).thenComparing(byOrder);
        }
        List<DocumentReference> out = records.bySourceIdentifier(idSystem, idValue, FhirSearch.MAX_OFFSET + FhirSearch.MAX_COUNT)
                .stream()
                .filter(d -> wantedPatient == null || wantedPatient.equals(d.patientId()))
                .filter(d -> wantedType == null || wantedType.equals(d.typeCode()))
                .filter(d -> wantedEncounter == null || wantedEncounter.equals(d.encounterId()))
                .filter(d -> made.contains(d.createdAt()))
                .filter(d -> period == null || service.contains(d.serviceAt()))
                .filter(d -> changed.contains(d.updatedAt()))
                .filter(d -> errors == null || errors == d.enteredInError())
                .sorted(byOrder)
                .map(d -> map(d, base)).toList();
        return FhirSearch.page(out, offset, count);
    }

    static DocumentReference map(Document d, String base) {
        DocumentReference r = new DocumentReference();
        r.setId(String.valueOf(d.id()));
        r.getMeta().setVersionId(String.valueOf(d.version()));
        if (d.updatedAt() != null) r.getMeta().setLastUpdated(Date.from(d.updatedAt()));
        if (d.sourceIdentifier() != null) r.addIdentifier().setSystem(d.sourceSystem()).setValue(d.sourceIdentifier());
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
