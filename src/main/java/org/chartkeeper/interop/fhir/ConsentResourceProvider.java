package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
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
import org.chartkeeper.NotFoundException;
import org.chartkeeper.disclosure.ConsentService;
import org.chartkeeper.disclosure.NewConsent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * FHIR Consent over the patients' consents (42 CFR Part 2, HIV, behavioral health, genetic, psychotherapy,
 * research): read, search (patient, status, category, date, identifier, _lastUpdated) and create (keeping the
 * sender's identifier). An adapter over
 * {@link ConsentService}, which authorizes and audits every read and change.
 */
public class ConsentResourceProvider implements IResourceProvider {

    static final String CATEGORY_SYSTEM = "urn:chartkeeper:consent-category";
    static final String PURPOSE_SYSTEM = "urn:chartkeeper:consent-purpose";
    private static final int SEARCH_LIMIT = 500;

    private final ConsentService consents;

    ConsentResourceProvider(ConsentService consents) {
        this.consents = consents;
    }

    @Override
    public Class<Consent> getResourceType() {
        return Consent.class;
    }

    @Read
    public Consent read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        try {
            return map(consents.get(id.getIdPartAsLong()));
        } catch (NotFoundException e) {
            throw new ResourceNotFoundException(id);
        }
    }

    @Search
    public List<Consent> search(@OptionalParam(name = Consent.SP_PATIENT) ReferenceParam patient,
                                @OptionalParam(name = Consent.SP_STATUS) TokenParam status,
                                @OptionalParam(name = Consent.SP_CATEGORY) TokenParam category,
                                @OptionalParam(name = Consent.SP_DATE) DateRangeParam date,
                                @OptionalParam(name = Consent.SP_IDENTIFIER) TokenParam identifier,
                                @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated) {
        Long patientId = patient == null ? null : FhirReferences.patientId(patient, "patient");
        String wanted = status == null ? null : switch (status.getValue()) {
            case "active" -> "active";
            case "inactive" -> "revoked";
            default -> throw new InvalidRequestException("status", "status is active or inactive");
        };
        String cat = category == null ? null : category.getValue();
        if (cat != null && !ConsentService.CATEGORIES.contains(cat)) {
            throw new InvalidRequestException("category", "category is one of " + new java.util.TreeSet<>(
                    ConsentService.CATEGORIES));
        }
        LocalDate from = date == null || date.getLowerBoundAsInstant() == null ? null
                : LocalDate.ofInstant(date.getLowerBoundAsInstant().toInstant(), ZoneOffset.UTC);
        LocalDate to = date == null || date.getUpperBoundAsInstant() == null ? null
                : LocalDate.ofInstant(date.getUpperBoundAsInstant().toInstant(), ZoneOffset.UTC);
        var updatedFrom = lastUpdated == null || lastUpdated.getLowerBoundAsInstant() == null ? null
                : lastUpdated.getLowerBoundAsInstant().toInstant();
        var updatedTo = lastUpdated == null || lastUpdated.getUpperBoundAsInstant() == null ? null
                : lastUpdated.getUpperBoundAsInstant().toInstant().plusMillis(1);
        String idValue = FhirSearch.token(identifier);
        String idSystem = idValue == null || identifier.getSystem() == null || identifier.getSystem().isBlank() ? null
                : identifier.getSystem().strip();
        return consents.search(new ConsentService.Search(patientId, wanted, cat, from, to, updatedFrom, updatedTo,
                        idSystem, idValue),
                SEARCH_LIMIT).stream().map(ConsentResourceProvider::map).toList();
    }

    @Create
    public MethodOutcome create(@ResourceParam Consent resource) {
        if (resource == null || !resource.hasPatient()) {
            throw new InvalidRequestException("patient", "Consent.patient must reference the patient");
        }
        long patientId = FhirReferences.patientId(new ReferenceParam(resource.getPatient().getReference()), "patient");
        String category = resource.getCategory().stream().flatMap(c -> c.getCoding().stream())
                .filter(c -> CATEGORY_SYSTEM.equals(c.getSystem())).map(Coding::getCode).findFirst()
                .orElseThrow(() -> new InvalidRequestException("category", "Consent.category needs a coding of "
                        + CATEGORY_SYSTEM + " (one of " + new java.util.TreeSet<>(ConsentService.CATEGORIES) + ")"));
        if (resource.hasStatus() && resource.getStatus() != Consent.ConsentState.ACTIVE) {
            throw new InvalidRequestException("status", "A new consent is recorded as active");
        }
        Consent.ProvisionComponent p = resource.getProvision();
        String recipient = p.getActor().stream().map(a -> a.getReference().getDisplay()).filter(d -> d != null
                && !d.isBlank()).findFirst().orElse(null);
        String purpose = p.getPurpose().stream().map(c -> c.getDisplay() != null ? c.getDisplay() : c.getCode())
                .filter(s -> s != null && !s.isBlank()).findFirst().orElse(null);
        String start = p.getPeriod().getStart() == null ? null
                : LocalDate.ofInstant(p.getPeriod().getStart().toInstant(), ZoneOffset.UTC).toString();
        String end = p.getPeriod().getEnd() == null ? null
                : LocalDate.ofInstant(p.getPeriod().getEnd().toInstant(), ZoneOffset.UTC).toString();
        Long documentId = null;
        if (resource.getSource() instanceof Reference ref && ref.getReference() != null) {
            IdType doc = new IdType(ref.getReference());
            if (!"DocumentReference".equals(doc.getResourceType()) || !doc.isIdPartValidLong()) {
                throw new InvalidRequestException("sourceReference", "sourceReference must be DocumentReference/{id}");
            }
            documentId = doc.getIdPartAsLong();
        }
        if (resource.getIdentifier().size() > 1) {
            throw new InvalidRequestException("identifier", "A consent keeps one identifier");
        }
        String idSystem = resource.hasIdentifier() ? resource.getIdentifierFirstRep().getSystem() : null;
        String idValue = resource.hasIdentifier() ? resource.getIdentifierFirstRep().getValue() : null;
        var created = consents.create(patientId, new NewConsent(category, recipient, purpose, start, end, documentId,
                idSystem, idValue));
        MethodOutcome outcome = new MethodOutcome(new IdType("Consent", String.valueOf(created.id()),
                String.valueOf(created.version())), true);
        outcome.setResource(map(created));
        return outcome;
    }

    static Consent map(org.chartkeeper.disclosure.Consent c) {
        Consent r = new Consent();
        r.setId(String.valueOf(c.id()));
        r.getMeta().setVersionId(String.valueOf(c.version()));
        r.getMeta().setLastUpdated(Date.from(c.updatedAt()));
        if (c.identifierValue() != null) r.addIdentifier().setSystem(c.identifierSystem()).setValue(c.identifierValue());
        r.setStatus(c.status().equals("active") ? Consent.ConsentState.ACTIVE : Consent.ConsentState.INACTIVE);
        boolean research = c.category().equals("general-research");
        r.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                research ? "research" : "patient-privacy", research ? "Research" : "Privacy Consent")));
        r.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
        r.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, c.category(), null)).setText(c.category()));
        r.setPatient(new Reference("Patient/" + c.patientId()));
        r.setDateTime(Date.from(c.createdAt()));
        r.addPolicy().setUri(c.category().equals("part2")
                ? "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"
                : "https://www.hhs.gov/hipaa/for-professionals/privacy/index.html");
        if (c.documentId() != null) r.setSource(new Reference("DocumentReference/" + c.documentId()));
        Consent.ProvisionComponent p = r.getProvision();
        p.setType(Consent.ConsentProvisionType.PERMIT);
        Period period = new Period().setStart(date(c.periodStart()));
        LocalDate end = c.revokedOn() != null && (c.periodEnd() == null || c.revokedOn().isBefore(c.periodEnd()))
                ? c.revokedOn() : c.periodEnd();
        if (end != null) period.setEnd(date(end));
        p.setPeriod(period);
        if (c.recipient() != null) {
            p.addActor().setRole(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")))
                    .setReference(new Reference().setDisplay(c.recipient()));
        }
        p.addPurpose(new Coding(PURPOSE_SYSTEM, "stated", c.purpose()));
        return r;
    }

    private static Date date(LocalDate d) {
        return Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
