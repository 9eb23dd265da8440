package org.chartkeeper.completion;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The set-based SQL of the deficiency analysis. For one rule it first writes what it finds (one row per item that the
 * rule asks for: an encounter's H&P, each surgical case's operative report, each document's signature) into
 * deficiency_finding, then merges the findings into deficiency with four statements: open what is new, resolve what
 * is now satisfied, reopen what went missing again (an H&P entered in error), retire what no longer applies. The same
 * statements serve the full nightly pass (all encounters) and the pass over one encounter after a change.
 */
@Repository
class DeficiencyAnalysisRepository {

    private static final String INTERVAL = " * interval '1' minute";
    private static final String INSERT_FINDING = "insert into deficiency_finding (run_id, rule_code, encounter_id,"
            + " patient_id, item_key, open_kind, document_id, surgical_case_id, type_code, responsible_provider_id, due_at,"
            + " satisfied_at, opens) ";
    /** The rule's document types (not correlated: the database reads them once per pass). */
    private static final String RULE_TYPES = "(select t.type_code from deficiency_rule_type t where t.rule_code = :rule)";
    /**
     * The types a signature rule checks: its own, and with signature_types every type that requires a signature
     * unless another active signature rule names it (verbal orders keep their own window). Read before the pass and
     * given to it as a list of values (as a subquery in the join it made the pass over all documents many times slower).
     */
    private static final String SIGNED_TYPES = "select t.type_code from deficiency_rule_type t where t.rule_code = :rule"
            + " union select dt.code from document_type dt join deficiency_rule rr on rr.code = :rule and rr.signature_types"
            + " where dt.signature_required and not exists (select 1 from deficiency_rule_type o join deficiency_rule r2"
            + " on r2.code = o.rule_code where o.type_code = dt.code and r2.code <> :rule and r2.check_type = 'SIGNATURE'"
            + " and r2.active)";
    /**
     * When a document was completed: its signature, or its filing when it was filed final without one (an upload, a
     * scanned record: filed complete when it was created); null while it is a draft.
     */
    static final String COMPLETED = "case when d.signed_at is not null then d.signed_at"
            + " when d.status in ('final', 'amended') then d.created_at end";
    private static final String KEY = "f.rule_code = deficiency.rule_code and f.encounter_id = deficiency.encounter_id"
            + " and f.item_key = deficiency.item_key";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeficiencyAnalysisRepository.class);

    private final JdbcClient jdbc;
    private final boolean analyze;

    DeficiencyAnalysisRepository(JdbcClient jdbc, org.chartkeeper.DatabaseKind database) {
        this.jdbc = jdbc;
        this.analyze = database.postgres();
    }

    /** What one rule's pass changed. */
    record Merge(int opened, int resolved, int reopened, int retired) {
        Merge plus(Merge o) {
            return new Merge(opened + o.opened, resolved + o.resolved, reopened + o.reopened, retired + o.retired);
        }

        static final Merge NONE = new Merge(0, 0, 0, 0);
    }

    /** Runs one rule over all encounters ({@code encounterIds} null) or over the ones named. */
    Merge run(DeficiencyRule rule, java.util.Collection<Long> encounterIds, Instant now) {
        return run(rule, encounterIds, now, true);
    }

    /**
     * The rules that have deficiencies (in any status) on these encounters. A rule without any there can only open
     * new ones, so its pass needs neither the updates nor, when it finds nothing, the merge at all.
     */
    java.util.Set<String> rulesWithDeficiencies(java.util.Collection<Long> encounterIds) {
        return new java.util.HashSet<>(jdbc.sql("select distinct rule_code from deficiency where encounter_id = any(:enc)")
                .param("enc", ids(List.copyOf(encounterIds))).query(String.class).list());
    }

    /**
     * Runs one rule; {@code hasDeficiencies} false (the encounters have none of this rule yet, under the rule lock)
     * leaves out the statements that only change existing deficiencies.
     */
    Merge run(DeficiencyRule rule, java.util.Collection<Long> encounterIds, Instant now, boolean hasDeficiencies) {
        List<Long> encounterId = encounterIds == null ? null : List.copyOf(encounterIds);
        String run = UUID.randomUUID().toString();
        Map<String, Object> p = new HashMap<>();
        p.put("run", run);
        p.put("rule", rule.code());
        p.put("now", utc(now));
        if (encounterId != null) p.put("enc", ids(encounterId));
        if (rule.checkType() == DeficiencyCheck.SIGNATURE || rule.checkType() == DeficiencyCheck.COSIGNATURE) {
            // the types as a list of values: the database filters the documents by them directly
            List<String> types = jdbc.sql(SIGNED_TYPES).param("rule", rule.code()).query(String.class).list();
            // (an IN list: a rule's types are the same at every pass, so it makes one statement text per rule)
            p.put("types", types.isEmpty() ? List.of("") : types);
        }
        String scope = encounterId == null ? "" : " and e.id = any(:enc)";
        long t0 = System.nanoTime();
        int found = jdbc.sql(INSERT_FINDING + findings(rule, scope)).params(p).update();
        if (found == 0 && !hasDeficiencies) return Merge.NONE; // nothing found, nothing to resolve or retire
        if (encounterId == null) {
            log.info("Rule {}: {} findings in {} ms", rule.code(), found, (System.nanoTime() - t0) / 1_000_000);
            // a full pass fills the table at once: give the planner its size before the merge joins it
            if (analyze) jdbc.sql("analyze deficiency_finding").update();
        }
        try {
            long t1 = System.nanoTime();
            Merge m = merge(run, rule.code(), encounterId, now, hasDeficiencies);
            if (encounterId == null) log.info("Rule {}: merged in {} ms ({})", rule.code(), (System.nanoTime() - t1) / 1_000_000, m);
            return m;
        } finally {
            jdbc.sql("delete from deficiency_finding where run_id = ?").param(run).update();
        }
    }

    /**
     * Passes take turns: a full pass and the pass after a change in a chart would otherwise both add the same new
     * deficiency. Locks the rule rows until the transaction ends.
     */
    void lockRules() {
        jdbc.sql("select code from deficiency_rule order by code for update").query(String.class).list();
    }

    /** A rule switched off: its open deficiencies no longer apply. */
    int retireAll(String ruleCode, java.util.Collection<Long> encounterIds, Instant now) {
        List<Long> encounterId = encounterIds == null ? null : List.copyOf(encounterIds);
        return jdbc.sql("update deficiency set status = 'resolved', resolved_at = :now, resolution = 'rule switched off',"
                        + " version = version + 1 where status = 'open' and rule_code = :rule"
                        + (encounterId == null ? "" : " and encounter_id = any(:enc)"))
                .param("now", utc(now)).param("rule", ruleCode).param("enc", ids(encounterId)).update();
    }

    private static String findings(DeficiencyRule rule, String scope) {
        String window = "r.window_minutes" + INTERVAL;
        String lookback = "r.lookback_minutes" + INTERVAL;
        String klass = " (r.encounter_class is null or e.encounter_class = r.encounter_class)";
        return switch (rule.checkType()) {
            case DOCUMENT -> {
                boolean surgery = rule.anchor().startsWith("surgery");
                String start = surgery ? "s.started_at" : "e.admit_at";
                String anchor = switch (rule.anchor()) {
                    case "admission" -> "e.admit_at";
                    case "discharge" -> "e.discharge_at";
                    case "surgery-start" -> "s.started_at";
                    case "surgery-end" -> "s.ended_at";
                    default -> throw new IllegalStateException("anchor " + rule.anchor());
                };
                String responsible = surgery ? "s.surgeon_provider_id" : "e.attending_provider_id";
                // the item counts from the moment it was completed (signed, or filed final), never from the service
                // time its author wrote on it: the earliest completed qualifying document of the patient, completed
                // no earlier than the episode start less the lookback, and either in this encounter or completed
                // before the episode began (an H&P signed at a pre-admission visit)
                String satisfied = "(select min(" + COMPLETED + ") from document d where d.patient_id = e.patient_id"
                        + " and d.status not in ('draft', 'entered-in-error') and d.type_code in " + RULE_TYPES
                        + " and " + COMPLETED + " >= " + start + " - " + lookback
                        + " and (d.encounter_id = e.id or " + COMPLETED + " <= " + start + "))";
                // nothing completed yet: a draft in this encounter (or written in the lookback before the episode)
                // makes the item unsigned, naming that draft; no document at all makes it missing
                String draft = "case when x.satisfied_at is null then (select min(d.id) from document d"
                        + " where d.patient_id = x.patient_id and d.status = 'draft' and d.type_code in " + RULE_TYPES
                        + " and (d.encounter_id = x.encounter_id or d.service_at >= x.start_at - x.lookback_minutes"
                        + INTERVAL + " and d.service_at <= x.start_at)) end";
                String episodes = "select r.code rule_code, r.lookback_minutes, e.id encounter_id, e.patient_id, "
                        + (surgery ? "'case:' || cast(s.id as varchar(20))" : "'encounter'") + " item_key, "
                        + (surgery ? "s.id" : "cast(null as bigint)") + " surgical_case_id, "
                        + "(select min(t.type_code) from deficiency_rule_type t where t.rule_code = r.code) type_code, "
                        + responsible + " responsible_provider_id, " + anchor + " + " + window + " due_at, "
                        + start + " start_at, " + satisfied + " satisfied_at"
                        + " from deficiency_rule r join encounter e on" + klass
                        + (surgery ? " join surgical_case s on s.encounter_id = e.id" : "")
                        + " where r.code = :rule and e.status <> 'cancelled'"
                        + ("discharge".equals(rule.anchor()) ? " and e.discharge_at is not null" : "") + scope;
                // "offset 0" keeps each level a subquery of its own: each correlated lookup runs once per episode
                // instead of once per place that names its result
                yield "select :run, y.rule_code, y.encounter_id, y.patient_id, y.item_key,"
                        + " case when y.draft_id is null then 'missing' else 'unsigned' end, y.draft_id,"
                        // an unsigned item is the draft's author's to sign; a missing one the attending's (or
                        // surgeon's) to dictate
                        + " y.surgical_case_id, y.type_code, coalesce(case when y.draft_id is not null then"
                        + " (select dd.author_provider_id from document dd where dd.id = y.draft_id) end,"
                        + " y.responsible_provider_id), y.due_at, y.satisfied_at, true"
                        + " from (select x.*, " + draft + " draft_id from (" + episodes + " offset 0) x offset 0) y";
            }
            case SIGNATURE -> "select :run, r.code, e.id, e.patient_id, 'document:' || cast(d.id as varchar(20)),"
                    + " 'unsigned', d.id, null, d.type_code, d.author_provider_id, d.service_at + " + window + ","
                    + " " + COMPLETED + ", true"
                    + " from deficiency_rule r join document d on d.type_code in (:types)"
                    + " join encounter e on e.id = d.encounter_id and" + klass
                    + " where r.code = :rule and e.status <> 'cancelled' and d.status <> 'entered-in-error'" + scope;
            case COSIGNATURE -> "select :run, r.code, e.id, e.patient_id, 'document:' || cast(d.id as varchar(20)),"
                    + " 'unsigned', d.id, null, d.type_code, coalesce(d.cosigner_provider_id, e.attending_provider_id),"
                    + " d.signed_at + " + window + ", d.cosigned_at, true"
                    + " from deficiency_rule r join document d on d.type_code in (:types)"
                    + " join encounter e on e.id = d.encounter_id and" + klass
                    + " where r.code = :rule and d.cosign_required and d.signed_at is not null"
                    + " and e.status <> 'cancelled' and d.status <> 'entered-in-error'" + scope;
            // the record is complete when no other deficiency is open; it becomes one (delinquent) only once the
            // window after discharge has passed with something still open
            case RECORD_COMPLETE -> "select :run, r.code, e.id, e.patient_id, 'encounter', 'late', null, null, null,"
                    + " e.attending_provider_id, e.discharge_at + " + window + ","
                    + " case when exists (select 1 from deficiency x where x.encounter_id = e.id and x.status = 'open'"
                    + " and x.rule_code <> r.code) then null else (select max(coalesce(x.resolved_at, x.waived_at))"
                    + " from deficiency x where x.encounter_id = e.id and x.rule_code <> r.code) end,"
                    + " case when e.discharge_at + " + window + " <= :now then true else false end"
                    + " from deficiency_rule r join encounter e on" + klass
                    + " where r.code = :rule and e.status <> 'cancelled' and e.discharge_at is not null"
                    + " and exists (select 1 from deficiency x where x.encounter_id = e.id and x.rule_code <> r.code)" + scope;
        };
    }

    private Merge merge(String run, String rule, List<Long> encounterId, Instant now, boolean hasDeficiencies) {
        OffsetDateTime at = utc(now);
        // a pass over some encounters touches their deficiencies only (index lookups, not a scan)
        String only = encounterId == null ? "" : " and encounter_id = any(:enc)";
        String in = "from deficiency_finding f where f.run_id = :run and " + KEY;
        // open ones follow a changed due time or responsible provider (a rule's window edited, a new attending), and
        // a missing item that is now a draft becomes unsigned, naming the draft (and back when the draft goes)
        if (hasDeficiencies) jdbc.sql("update deficiency set due_at = (select f.due_at " + in + "), responsible_provider_id ="
                        + " (select f.responsible_provider_id " + in + "), kind = coalesce((select f.open_kind " + in
                        + " and f.satisfied_at is null), kind), document_id = case when exists (select 1 " + in
                        + " and f.satisfied_at is null) then (select f.document_id " + in + ") else document_id end,"
                        + " version = version + 1"
                        + " where status = 'open' and rule_code = :rule" + only + " and exists (select 1 " + in
                        + " and (f.due_at <> deficiency.due_at or coalesce(f.responsible_provider_id, -1)"
                        + " <> coalesce(deficiency.responsible_provider_id, -1) or f.satisfied_at is null and (f.open_kind <> deficiency.kind"
                        + " or coalesce(f.document_id, -1) <> coalesce(deficiency.document_id, -1))))")
                .param("run", run).param("rule", rule).param("enc", ids(encounterId)).update();
        int opened = jdbc.sql("insert into deficiency (encounter_id, patient_id, rule_code, item_key, kind, document_id,"
                        + " surgical_case_id, type_code, responsible_provider_id, due_at, status, opened_at, resolved_at,"
                        + " resolution) select f.encounter_id, f.patient_id, f.rule_code, f.item_key,"
                        + " case when f.satisfied_at is null then f.open_kind else 'late' end, f.document_id,"
                        + " f.surgical_case_id, f.type_code, f.responsible_provider_id, f.due_at,"
                        + " case when f.satisfied_at is null then 'open' else 'resolved' end,"
                        + " case when f.satisfied_at is null then :now else f.due_at end, f.satisfied_at,"
                        + " case when f.satisfied_at is null then null else 'completed after the due time' end"
                        + " from deficiency_finding f where f.run_id = :run"
                        + " and (f.satisfied_at is null and f.opens or f.satisfied_at > f.due_at)"
                        + " and not exists (select 1 from deficiency x where x.rule_code = f.rule_code"
                        + " and x.encounter_id = f.encounter_id and x.item_key = f.item_key)")
                .param("run", run).param("now", at).update();
        if (!hasDeficiencies) return new Merge(opened, 0, 0, 0);
        int resolved = jdbc.sql("update deficiency set status = 'resolved', version = version + 1,"
                        + " resolved_at = (select f.satisfied_at " + in + "),"
                        + " kind = case when (select f.satisfied_at " + in + ") > due_at then 'late' else kind end,"
                        + " resolution = case when (select f.satisfied_at " + in + ") > due_at"
                        + " then 'completed after the due time' else 'completed' end"
                        + " where status = 'open' and rule_code = :rule" + only + " and exists (select 1 " + in
                        + " and f.satisfied_at is not null)")
                .param("run", run).param("rule", rule).param("enc", ids(encounterId)).update();
        int reopened = jdbc.sql("update deficiency set status = 'open', resolved_at = null, resolution = null,"
                        + " kind = (select f.open_kind " + in + "), document_id = (select f.document_id " + in + "),"
                        + " version = version + 1 where status = 'resolved' and rule_code = :rule" + only + " and exists (select 1 " + in
                        + " and f.satisfied_at is null and f.opens)")
                .param("run", run).param("rule", rule).param("enc", ids(encounterId)).update();
        int retired = jdbc.sql("update deficiency set status = 'resolved', resolved_at = :now, version = version + 1,"
                        + " resolution = 'no longer applies' where status = 'open' and rule_code = :rule"
                        + only + " and not exists (select 1 " + in + " and (f.satisfied_at is not null or f.opens))")
                .param("run", run).param("rule", rule).param("now", at).param("enc", ids(encounterId)).update();
        return new Merge(opened, resolved, reopened, retired);
    }

    /**
     * Encounter ids as one SQL array parameter ({@code = any(:enc)}), not an expanded IN list: the statement's text is
     * the same however many encounters a pass takes, so PostgreSQL prepares and plans it once per connection instead
     * of parsing and planning a new text for every batch size (measured in BENCHMARKS.md, Interop 6).
     */
    static SqlArrayValue ids(java.util.Collection<Long> ids) {
        return ids == null ? null : new SqlArrayValue("bigint", ids.toArray());
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    /** Encounters of a patient, for a change that names the patient but no encounter. */
    List<Long> encountersOf(long patientId) {
        return jdbc.sql("select id from encounter where patient_id = ?").param(patientId).query(Long.class).list();
    }
}
