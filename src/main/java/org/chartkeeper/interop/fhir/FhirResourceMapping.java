package org.chartkeeper.interop.fhir;

import java.util.Date;
import java.util.Locale;
import org.chartkeeper.audit.AuditReportRow;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.Provider;
import org.chartkeeper.patient.PatientService;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

/** Encounter, Practitioner, Organization and AuditEvent as FHIR R4 resources (what this server emits). */
final class FhirResourceMapping {

    static final String ACCOUNT_SYSTEM = "urn:chartkeeper:account-number";
    static final String NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String AUDIT_ACTION_SYSTEM = "urn:chartkeeper:audit-action";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    private FhirResourceMapping() {}

    /** Our encounter classes and their v3 ActCode. */
    static String classCode(String encounterClass) {
        return switch (encounterClass == null ? "" : encounterClass) {
            case "INPATIENT" -> "IMP";
            case "EMERGENCY" -> "EMER";
            case "OUTPATIENT" -> "AMB";
            default -> "AMB";
        };
    }

    /** The v3 ActCode of a FHIR class search back to our class (null if unknown). */
    static String encounterClass(String code) {
        return switch (code == null ? "" : code.toUpperCase(Locale.ROOT)) {
            case "IMP", "ACUTE", "NONAC" -> "INPATIENT";
            case "EMER" -> "EMERGENCY";
            case "AMB" -> "OUTPATIENT";
            default -> null;
        };
    }

    static org.hl7.fhir.r4.model.Encounter encounter(Encounter e) {
        var r = new org.hl7.fhir.r4.model.Encounter();
        r.setId(String.valueOf(e.id()));
        r.getMeta().setVersionId(String.valueOf(e.version()));
        if (e.updatedAt() != null) r.getMeta().setLastUpdated(Date.from(e.updatedAt()));
        r.addIdentifier().setSystem(ACCOUNT_SYSTEM).setValue(e.accountNumber())
                .setType(new CodeableConcept(new Coding(FhirPatientMapping.V2_0203, "AN", "Account number")));
        r.setStatus(status(e.status()));
        String code = classCode(e.encounterClass());
        r.setClass_(new Coding(ACT_CODE, code, switch (code) {
            case "IMP" -> "inpatient encounter";
            case "EMER" -> "emergency";
            default -> "ambulatory";
        }));
        r.setSubject(new Reference("Patient/" + e.patientId()));
        Period period = new Period().setStart(Date.from(e.admitAt()));
        if (e.dischargeAt() != null) period.setEnd(Date.from(e.dischargeAt()));
        r.setPeriod(period);
        if (e.attendingProviderId() != null) {
            r.addParticipant().addType(new CodeableConcept(new Coding(PARTICIPATION, "ATND", "attender")))
                    .setIndividual(new Reference("Practitioner/" + e.attendingProviderId()).setDisplay(e.attendingName()));
        }
        if (e.department() != null) r.setServiceType(new CodeableConcept().setText(e.department()));
        if (e.dischargeDisposition() != null) {
            r.getHospitalization().setDischargeDisposition(new CodeableConcept().setText(e.dischargeDisposition()));
        }
        return r;
    }

    private static org.hl7.fhir.r4.model.Encounter.EncounterStatus status(String s) {
        try {
            return org.hl7.fhir.r4.model.Encounter.EncounterStatus.fromCode(s);
        } catch (Exception notFhir) {
            return org.hl7.fhir.r4.model.Encounter.EncounterStatus.UNKNOWN;
        }
    }

    static Practitioner practitioner(Provider p) {
        Practitioner r = new Practitioner();
        r.setId(String.valueOf(p.id()));
        if (p.updatedAt() != null) r.getMeta().setLastUpdated(Date.from(p.updatedAt()));
        r.setActive(true);
        r.addIdentifier().setSystem(NPI_SYSTEM).setValue(p.npi());
        var name = r.addName().setText(p.name());
        String plain = p.name().replaceFirst("^(?i)dr\\.?\\s+", "").strip();
        int space = plain.lastIndexOf(' ');
        if (space > 0) {
            name.setFamily(plain.substring(space + 1)).addGiven(plain.substring(0, space));
        } else {
            name.setFamily(plain);
        }
        if (p.specialty() != null) r.addQualification().setCode(new CodeableConcept().setText(p.specialty()));
        return r;
    }

    static Organization organization(PatientService.FacilityView f) {
        Organization o = new Organization();
        o.setId(f.code());
        if (f.updatedAt() != null) o.getMeta().setLastUpdated(Date.from(f.updatedAt()));
        o.setActive(true);
        o.setName(f.name());
        o.addIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                .setValue(FhirPatientMapping.systemToUri(f.assigningAuthority())));
        o.addType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/organization-type", "prov",
                "Healthcare Provider")));
        return o;
    }

    static AuditEvent auditEvent(AuditReportRow e) {
        AuditEvent r = new AuditEvent();
        r.setId(String.valueOf(e.seq()));
        r.getMeta().setLastUpdated(Date.from(e.time())); // an audit event is never changed after it is recorded
        r.setType(type(e.action()));
        r.addSubtype(new Coding(AUDIT_ACTION_SYSTEM, e.action(), e.action().toLowerCase(Locale.ROOT).replace('_', ' ')));
        r.setAction(switch (e.action()) {
            case "CREATE" -> AuditEvent.AuditEventAction.C;
            case "VIEW", "SEARCH", "PRINT", "EXPORT", "DISCLOSE" -> AuditEvent.AuditEventAction.R;
            case "UPDATE" -> AuditEvent.AuditEventAction.U;
            case "DELETE" -> AuditEvent.AuditEventAction.D;
            default -> AuditEvent.AuditEventAction.E;
        });
        r.setRecorded(Date.from(e.time()));
        r.setOutcome(switch (e.outcome()) {
            case "SUCCESS" -> AuditEvent.AuditEventOutcome._0;
            case "FAILURE" -> AuditEvent.AuditEventOutcome._8;
            default -> AuditEvent.AuditEventOutcome._4;
        });
        String desc = e.outcome().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (e.reason() == null ? "" : "; " + e.reason());
        r.setOutcomeDesc(desc);
        var agent = r.addAgent().setRequestor(true);
        agent.setWho(new Reference().setDisplay(e.username() == null ? "unknown" : e.username()));
        if (e.userId() != null) agent.getWho().setIdentifier(new Identifier().setSystem("urn:chartkeeper:user")
                .setValue(String.valueOf(e.userId())));
        if (e.roles() != null) agent.addRole(new CodeableConcept().setText(e.roles()));
        if (e.source() != null) {
            agent.getNetwork().setAddress(e.source()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        if (e.emergency()) {
            r.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, "ETREAT", "Emergency Treatment")));
        }
        r.getSource().setSite("Chartkeeper").setObserver(new Reference().setDisplay("Chartkeeper"));
        if (e.patientId() != null) {
            r.addEntity().setWhat(new Reference("Patient/" + e.patientId()))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (e.resourceType() != null || e.detail() != null) {
            var what = r.addEntity().setType(new Coding(ENTITY_TYPE, "2", "System Object"));
            what.setWhat(new Reference().setDisplay(e.resource() == null ? "detail" : e.resource()));
            if (e.detail() != null) what.setDescription(e.detail());
        }
        return r;
    }

    private static Coding type(String action) {
        return switch (action) {
            case "LOGIN", "LOGIN_FAILED", "LOGOUT", "MFA_ENROL" -> new Coding(DICOM, "110114", "User Authentication");
            case "EMERGENCY_ACCESS", "ADMIN_CHANGE" -> new Coding(DICOM, "110113", "Security Alert");
            case "EXPORT", "DISCLOSE" -> new Coding(DICOM, "110106", "Export");
            case "VERIFY" -> new Coding(DICOM, "110112", "Query");
            default -> new Coding(DICOM, "110110", "Patient Record");
        };
    }
}
