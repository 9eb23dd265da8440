-- Merge and unmerge (merge helper): which duplicate candidate a merge decided, and lookups by survivor.
alter table patient_merge add column candidate_id bigint references duplicate_candidate (id);
alter table patient_merge add column unmerge_reason varchar(1000);
create index ix_patient_merge_survivor on patient_merge (survivor_id);
create index ix_patient_merge_time on patient_merge (merged_at);
create index ix_duplicate_candidate_b on duplicate_candidate (patient_b);
