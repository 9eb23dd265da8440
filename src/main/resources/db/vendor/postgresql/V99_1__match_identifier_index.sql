-- The matcher's candidate query (MatchRepository.load) joins each candidate's identifiers other than MRNs. Without an
-- index of just those rows, PostgreSQL read the whole identifier table for every batch of candidates (5.8 ms for
-- 24,000 rows, most of them MRNs, in the HL7 load of BENCHMARKS.md Interop 12). H2 has no partial indexes; on H2 the
-- join uses ix_patient_identifier_patient.
create index ix_patient_identifier_other on patient_identifier (patient_id)
    where status = 'active' and type_code <> 'MR';
