package org.chartkeeper.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.security.CurrentUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Clinical data received from other systems (a FHIR import): results, medications, allergies, immunizations, care
 * plans, imaging studies, devices and the billing records (claims, explanations of benefit) of another organization's
 * record of a patient, kept as received so that the chart, {@code $everything} and the electronic health information
 * export show what this hospital holds. Receiving needs {@code document.write} and the right to open the chart, like
 * an imported clinical note; every resource received is an audited creation (all of a Bundle's recorded together),
 * every read an audited view.
 */
@Service
public class OutsideDataService {

    /** The resource types kept, and nothing else. */
    public static final Set<String> TYPES = Set.of("Observation", "DiagnosticReport", "MedicationRequest",
            "MedicationAdministration", "MedicationStatement", "Immunization", "AllergyIntolerance", "CarePlan",
            "CareTeam", "Goal", "ImagingStudy", "Device", "SupplyDelivery", "Claim", "ExplanationOfBenefit");
    /** A received resource's JSON, at most. */
    public static final int MAX_CONTENT = 2_000_000;
    private static final HexFormat HEX = HexFormat.of();

    private final OutsideDataRepository repository;
    private final AccessGate gate;
    private final EncounterService encounters;
    private final Clock clock;

    public OutsideDataService(OutsideDataRepository repository, AccessGate gate, EncounterService encounters,
                              Clock clock) {
        this.repository = repository;
        this.gate = gate;
        this.encounters = encounters;
        this.clock = clock;
    }

    /** Ids for resources about to be received (their content refers to them and to each other). */
    public List<Long> reserveIds(int n) {
        if (n <= 0) return List.of();
        return repository.nextIds(n);
    }

    /** A received resource's sender key: its type, and the sender's identifier (system and value). */
    public record SourceKey(String resourceType, String system, String identifier) {}

    /** The ids of a patient's resources already received under these sender keys: one received again keeps its id. */
    public Map<SourceKey, Long> receivedBefore(long patientId, Collection<SourceKey> keys) {
        Map<SourceKey, Long> out = new java.util.HashMap<>();
        repository.idsBySource(patientId, keys.stream().map(SourceKey::identifier).toList()).forEach((k, id) -> {
            if (keys.contains(k)) out.put(k, id);
        });
        return out;
    }

    /**
     * Keeps a patient's received resources: new ones inserted, ones received before (same sender key, same id)
     * replaced when their content changed. All checked first; a bad one refuses all, naming its index.
     */
    @Transactional
    public void receive(long patientId, List<NewOutsideResource> resources) {
        if (resources.isEmpty()) return;
        Set<SourceKey> keys = new HashSet<>();
        Set<Long> encounterIds = new HashSet<>();
        for (int i = 0; i < resources.size(); i++) {
            NewOutsideResource r = resources.get(i);
            String at = "[" + i + "]";
            if (!TYPES.contains(r.resourceType())) {
                throw new InvalidRequestException("resourceType" + at, r.resourceType() + " is not kept; kept are "
                        + String.join(", ", new java.util.TreeSet<>(TYPES)));
            }
            if (blank(r.sourceIdentifier()) || r.sourceIdentifier().length() > 200 || blank(r.sourceSystem())
                    || r.sourceSystem().length() > 200) {
                throw new InvalidRequestException("identifier" + at, "A received resource needs its sender's"
                        + " identifier (system and value, at most 200 characters each)");
            }
            if (!keys.add(new SourceKey(r.resourceType(), r.sourceSystem(), r.sourceIdentifier()))) {
                throw new InvalidRequestException("identifier" + at, "The " + r.resourceType() + " "
                        + r.sourceIdentifier() + " is sent twice");
            }
            if (r.code() != null && r.code().length() > 100 || r.codeSystem() != null && r.codeSystem().length() > 200) {
                throw new InvalidRequestException("code" + at, "A code is at most 100 characters, its system 200");
            }
            if (r.status() != null && r.status().length() > 40) {
                throw new InvalidRequestException("status" + at, "A status is at most 40 characters");
            }
            if (r.content() == null || r.content().isEmpty() || r.content().length() > MAX_CONTENT) {
                throw new InvalidRequestException("content" + at, "A received resource is 1 to " + MAX_CONTENT
                        + " characters of JSON");
            }
            if (r.encounterId() != null) encounterIds.add(r.encounterId());
        }
        // everything that can refuse the batch is checked before its creations are recorded
        if (!encounterIds.isEmpty()) {
            Set<Long> ofPatient = new HashSet<>();
            for (Encounter e : encounters.forPatient(patientId)) ofPatient.add(e.id());
            for (Long e : encounterIds) {
                if (!ofPatient.contains(e)) {
                    throw new InvalidRequestException("encounter", "Encounter " + e + " is not one of this patient's");
                }
            }
        }
        Map<SourceKey, Long> before = receivedBefore(patientId, keys);
        for (NewOutsideResource r : resources) {
            Long first = before.get(new SourceKey(r.resourceType(), r.sourceSystem(), r.sourceIdentifier()));
            if (first != null && first != r.id()) {
                throw new InvalidRequestException("id", "The " + r.resourceType() + " " + r.sourceIdentifier()
                        + " was received before as " + first + ", not " + r.id());
            }
        }
        gate.openAllChanges(resources.stream().map(r -> PatientAccess.of(
                before.containsKey(new SourceKey(r.resourceType(), r.sourceSystem(), r.sourceIdentifier())) ? AuditAction.UPDATE
                        : AuditAction.CREATE, DataCategory.CLINICAL_DATA, patientId, r.resourceType(), r.id()))
                .toList(), RecordService.WRITE);
        List<OutsideDataRepository.Row> fresh = new ArrayList<>();
        List<OutsideDataRepository.Row> again = new ArrayList<>();
        for (NewOutsideResource r : resources) {
            Long first = before.get(new SourceKey(r.resourceType(), r.sourceSystem(), r.sourceIdentifier()));
            (first == null ? fresh : again).add(new OutsideDataRepository.Row(r, sha256(r.content())));
        }
        Instant now = clock.instant();
        repository.insert(patientId, fresh, now, CurrentUser.require().id());
        repository.update(again, now);
    }

    /** One received resource of the given type. Audited. */
    public OutsideResource get(String resourceType, long id) {
        OutsideResource r = repository.find(id).filter(x -> x.resourceType().equals(resourceType))
                .orElseThrow(() -> new NotFoundException(resourceType + " " + id + " not found"));
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DATA, r.patientId(), resourceType, id));
        return r;
    }

    public record Results(long total, List<OutsideResource> resources) {}

    /** A page of a patient's received resources of one type, newest first, with the total. One audited view. */
    public Results search(long patientId, OutsideResourceQuery query, int offset, int limit) {
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DATA, patientId, query.resourceType(), "patient/" + patientId));
        return new Results(repository.count(patientId, query), repository.search(patientId, query, offset, limit));
    }

    /** Everything received for one patient (Patient/$everything). One audited view. */
    public List<OutsideResource> everything(long patientId) {
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DATA, patientId, "outside-data", "patient/" + patientId));
        return repository.ofPatients(List.of(patientId), null);
    }

    /**
     * The received resources of many patients for an export, each patient's access recorded as an export (all or
     * none); changed since {@code since} if given.
     */
    public List<OutsideResource> exportFor(List<Long> patientIds, Instant since) {
        if (patientIds.isEmpty()) return List.of();
        gate.openAll(patientIds.stream().map(id -> PatientAccess.of(AuditAction.EXPORT, DataCategory.CLINICAL_DATA,
                id, "outside-data", "patient/" + id)).toList());
        List<OutsideResource> out = new ArrayList<>();
        for (int i = 0; i < patientIds.size(); i += 1000) {
            out.addAll(repository.ofPatients(patientIds.subList(i, Math.min(patientIds.size(), i + 1000)), since));
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String sha256(String content) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
