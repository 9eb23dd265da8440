package org.chartkeeper.interop.hl7v2;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.encounter.Visit;
import org.chartkeeper.patient.Demographics;

/**
 * An ADT message of any version from 2.3 to 2.8 read into one model: the header, the patient (PID) with the prior
 * identifiers of a merge or identifier change (MRG), and the visit (PV1, PV2). Values the message leaves empty are
 * null; {@code ""} (HL7's explicit delete) is read as null too, never as a value.
 */
record AdtMessage(Header header, List<PatientPart> patients, VisitPart visit) {

    /** MSH: who sent it ("application/facility"), its control id, type, event and version. */
    record Header(String sender, String sendingApplication, String sendingFacility, String controlId,
                  String messageType, String event, String version, Instant sentAt) {}

    /** One PID, with the MRG that follows it (merges and identifier changes may carry several pairs). */
    record PatientPart(int occurrence, List<Demographics.Identifier> identifiers, String familyName, String givenName,
                       String middleName, LocalDate birthDate, String sex, String addressLine, String city,
                       String state, String postalCode, String phone, String email, String ssn, String language,
                       String race, String ethnicity, String accountNumber, Merge merge) {

        Demographics demographics() {
            return new Demographics(familyName, givenName, middleName, birthDate, sex, addressLine, city, state,
                    postalCode, phone, email, ssn, identifiers);
        }
    }

    /** MRG: the identifiers the patient was known by before (MRG-1), and the prior account (MRG-3). */
    record Merge(int occurrence, List<Demographics.Identifier> priorIdentifiers, String priorAccount) {}

    /** PV1/PV2: the visit, where its account number came from (PID-18 or PV1-19), and the prior location (PV1-6). */
    record VisitPart(Visit visit, Hl7Location accountAt, String priorLocation, boolean present) {}

    PatientPart patient() {
        return patients.getFirst();
    }
}
