package org.chartkeeper.interop.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.patient.Demographics;
import org.chartkeeper.patient.Ethnicity;
import org.chartkeeper.patient.PatientIdentifier;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.Race;
import org.chartkeeper.patient.RegistrationDetails;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Patient resources to and from the patient index's values (US Core Patient: identifiers, official name, telecom,
 * gender, birth date, address, communication language, race and ethnicity extensions). The SSN goes in (identifier
 * system {@value #SSN_SYSTEM}) but never comes out. Refusals name the FHIR element.
 */
final class FhirPatientMapping {

    static final String SSN_SYSTEM = "http://hl7.org/fhir/sid/us-ssn";
    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String RACE_URL = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
    static final String ETHNICITY_URL = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";
    static final String BCP47 = "urn:ietf:bcp:47";

    /** Where the registration rules' field names live in a Patient resource. */
    private static final Map<String, String> PATHS = Map.ofEntries(
            Map.entry("familyName", "Patient.name.family"), Map.entry("givenName", "Patient.name.given"),
            Map.entry("middleName", "Patient.name.given"), Map.entry("birthDate", "Patient.birthDate"),
            Map.entry("sex", "Patient.gender"), Map.entry("addressLine", "Patient.address.line"),
            Map.entry("city", "Patient.address.city"), Map.entry("state", "Patient.address.state"),
            Map.entry("postalCode", "Patient.address.postalCode"), Map.entry("phone", "Patient.telecom"),
            Map.entry("email", "Patient.telecom"), Map.entry("ssn", "Patient.identifier"),
            Map.entry("identifiers", "Patient.identifier"), Map.entry("language", "Patient.communication.language"),
            Map.entry("race", "Patient.extension:race"), Map.entry("ethnicity", "Patient.extension:ethnicity"),
            Map.entry("facilityCode", "Patient.identifier"), Map.entry("name", "Patient.name"),
            Map.entry("identifier", "Patient.identifier"));

    private FhirPatientMapping() {}

    /** The FHIR path for a field named by the patient index's rules (already-FHIR paths pass through). */
    static String path(String field) {
        if (field == null) return "Patient";
        if (field.startsWith("Patient") || field.startsWith("Bundle") || field.startsWith("Parameters")
                || field.startsWith("_") || field.equals("Prefer")) {
            return field;
        }
        if (field.startsWith("identifiers[")) {
            return "Patient.identifier" + field.substring("identifiers".length());
        }
        return PATHS.getOrDefault(field, "Patient." + field);
    }

    /** The person a Patient resource describes, for registration or matching. */
    static Demographics demographics(Patient p) {
        if (p == null) throw new InvalidRequestException("Patient", "A Patient resource is required");
        HumanName name = officialName(p);
        if (name == null) throw new InvalidRequestException("Patient.name", "The patient needs a name (family and given)");
        if (!name.hasFamily() || name.getFamily().isBlank()) {
            throw new InvalidRequestException("Patient.name.family", "The patient's family name is required");
        }
        List<String> givens = name.getGiven().stream().map(StringType::getValue)
                .filter(s -> s != null && !s.isBlank()).toList();
        if (givens.isEmpty()) throw new InvalidRequestException("Patient.name.given", "The patient's given name is required");
        String middle = givens.size() > 1 ? String.join(" ", givens.subList(1, givens.size())) : null;
        LocalDate birth = null;
        if (p.hasBirthDateElement() && p.getBirthDateElement().getValue() != null) {
            if (p.getBirthDateElement().getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
                throw new InvalidRequestException("Patient.birthDate", "The date of birth must be a full date (yyyy-MM-dd)");
            }
            birth = LocalDate.parse(p.getBirthDateElement().getValueAsString());
        }
        String sex = p.hasGender() ? p.getGender().toCode() : null;
        Address address = p.getAddress().stream().filter(a -> a.getUse() == Address.AddressUse.HOME).findFirst()
                .orElse(p.getAddress().stream().filter(a -> a.getUse() != Address.AddressUse.OLD).findFirst().orElse(null));
        String line = address == null ? null : address.getLine().stream().map(StringType::getValue)
                .filter(s -> s != null && !s.isBlank()).collect(Collectors.joining(", "));
        String phone = telecom(p, ContactPoint.ContactPointSystem.PHONE);
        String email = telecom(p, ContactPoint.ContactPointSystem.EMAIL);
        String ssn = null;
        List<Demographics.Identifier> ids = new ArrayList<>();
        for (int i = 0; i < p.getIdentifier().size(); i++) {
            Identifier id = p.getIdentifier().get(i);
            String type = id.getType().getCoding().stream().filter(c -> V2_0203.equals(c.getSystem()) || !c.hasSystem())
                    .map(Coding::getCode).findFirst().orElse(null);
            if (SSN_SYSTEM.equals(id.getSystem()) || "SS".equals(type)) {
                ssn = id.getValue();
                continue;
            }
            if (!id.hasSystem()) {
                throw new InvalidRequestException("Patient.identifier[" + i + "].system",
                        "An identifier needs its system (the assigning authority's URI or urn:oid:)");
            }
            if (!id.hasValue() || id.getValue().isBlank()) {
                throw new InvalidRequestException("Patient.identifier[" + i + "].value", "An identifier needs its value");
            }
            ids.add(new Demographics.Identifier(systemToStored(id.getSystem()), id.getValue(), type));
        }
        return new Demographics(name.getFamily(), givens.getFirst(), middle, birth, sex,
                line == null || line.isBlank() ? null : line, address == null ? null : address.getCity(),
                address == null ? null : address.getState(), address == null ? null : address.getPostalCode(), phone,
                email, ssn, ids);
    }

    /** Language, race and ethnicity of a Patient resource. */
    static RegistrationDetails details(Patient p, String source) {
        String language = p.getCommunication().stream()
                .sorted((a, b) -> Boolean.compare(b.getPreferred(), a.getPreferred()))
                .flatMap(c -> c.getLanguage().getCoding().stream()).map(Coding::getCode).findFirst()
                .orElse(null);
        List<String> races = new ArrayList<>();
        Extension race = p.getExtensionByUrl(RACE_URL);
        if (race != null) {
            for (Extension e : race.getExtensionsByUrl("ombCategory")) {
                if (e.getValue() instanceof Coding c && c.hasCode()) races.add(c.getCode());
            }
        }
        String ethnicity = null;
        Extension eth = p.getExtensionByUrl(ETHNICITY_URL);
        if (eth != null) {
            for (Extension e : eth.getExtensionsByUrl("ombCategory")) {
                if (e.getValue() instanceof Coding c && c.hasCode()) ethnicity = c.getCode();
            }
        }
        return new RegistrationDetails(null, language, races.isEmpty() ? null : String.join(",", races), ethnicity,
                source);
    }

    /** The Patient resource of a record: logical id = patient id, version = row version. */
    static Patient toFhir(PatientRecord record) {
        org.chartkeeper.patient.Patient p = record.patient();
        Patient r = new Patient();
        r.setId(String.valueOf(p.id()));
        r.getMeta().setVersionId(String.valueOf(p.version())).setLastUpdated(Date.from(p.updatedAt()));
        for (PatientIdentifier id : record.identifiers()) {
            Identifier i = r.addIdentifier().setSystem(systemToUri(id.assigningAuthority())).setValue(id.value());
            i.setUse(id.active() ? ("MR".equals(id.typeCode()) ? Identifier.IdentifierUse.USUAL
                    : Identifier.IdentifierUse.OFFICIAL) : Identifier.IdentifierUse.OLD);
            if (id.typeCode() != null) {
                i.setType(new CodeableConcept(new Coding(V2_0203, id.typeCode(), null)).setText(id.type()));
            }
            if (id.facilityName() != null) i.setAssigner(new Reference().setDisplay(id.facilityName()));
        }
        r.setActive(!p.merged());
        if (p.merged() && p.mergedInto() != null) {
            r.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/" + p.mergedInto()));
        }
        HumanName name = r.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(p.familyName()).addGiven(p.givenName());
        if (p.middleName() != null) name.addGiven(p.middleName());
        if (p.phone() != null) r.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(p.phone())
                .setUse(ContactPoint.ContactPointUse.HOME);
        if (p.email() != null) r.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(p.email());
        r.setGender(gender(p.sex()));
        r.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(p.birthDate().toString()));
        if (p.addressLine() != null || p.city() != null || p.state() != null || p.postalCode() != null) {
            Address a = r.addAddress().setUse(Address.AddressUse.HOME).setCity(p.city()).setState(p.state())
                    .setPostalCode(p.postalCode());
            if (p.addressLine() != null) a.addLine(p.addressLine());
        }
        if (p.language() != null) {
            r.addCommunication().setPreferred(true).setLanguage(new CodeableConcept(new Coding(BCP47, p.language(), null)));
        }
        if (p.race() != null) {
            Extension race = r.addExtension().setUrl(RACE_URL);
            List<String> text = new ArrayList<>();
            for (String code : p.race().split(",")) {
                Race known = known(() -> Race.ofCode(code));
                if (known == null) continue;
                race.addExtension("ombCategory", new Coding(known.nullFlavor() ? Race.NULL_FLAVOR_SYSTEM : Race.OMB_SYSTEM,
                        known.code(), known.display()));
                text.add(known.display());
            }
            race.addExtension("text", new StringType(String.join(", ", text)));
        }
        if (p.ethnicity() != null) {
            Ethnicity known = known(() -> Ethnicity.ofCode(p.ethnicity()));
            if (known != null) {
                Extension eth = r.addExtension().setUrl(ETHNICITY_URL);
                eth.addExtension("ombCategory", new Coding(known.nullFlavor() ? Race.NULL_FLAVOR_SYSTEM : Race.OMB_SYSTEM,
                        known.code(), known.display()));
                eth.addExtension("text", new StringType(known.display()));
            }
        }
        return r;
    }

    /** Stored assigning authorities are bare OIDs; FHIR systems are URIs. */
    static String systemToUri(String stored) {
        return stored != null && stored.matches("[0-2](\\.\\d+)+") ? "urn:oid:" + stored : stored;
    }

    static String systemToStored(String uri) {
        return uri != null && uri.startsWith("urn:oid:") ? uri.substring("urn:oid:".length()) : uri;
    }

    private static AdministrativeGender gender(String sex) {
        try {
            return sex == null ? AdministrativeGender.UNKNOWN : AdministrativeGender.fromCode(sex);
        } catch (Exception e) {
            return AdministrativeGender.UNKNOWN;
        }
    }

    private static <T> T known(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    private static HumanName officialName(Patient p) {
        List<HumanName> names = p.getName().stream().filter(n -> !n.isEmpty()).toList();
        if (names.isEmpty()) return null;
        return names.stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
                .orElse(names.stream().filter(n -> n.getUse() == HumanName.NameUse.USUAL).findFirst()
                        .orElse(names.stream().filter(n -> n.getUse() != HumanName.NameUse.OLD).findFirst()
                                .orElse(names.getFirst())));
    }

    private static String telecom(Patient p, ContactPoint.ContactPointSystem system) {
        return p.getTelecom().stream().filter(t -> t.getSystem() == system && t.hasValue())
                .sorted((a, b) -> Integer.compare(a.hasRank() ? a.getRank() : Integer.MAX_VALUE,
                        b.hasRank() ? b.getRank() : Integer.MAX_VALUE))
                .map(ContactPoint::getValue).findFirst().orElse(null);
    }
}
