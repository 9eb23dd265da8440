-- FHIR meta.lastUpdated and the _lastUpdated search parameter: every table behind a FHIR resource keeps the time of
-- its last change (patient, document and coding_abstract already do). Encounters written before this column was
-- maintained take their last known event; providers and facilities start at the time of this migration.
update encounter set updated_at = coalesce(discharge_at, admit_at) where updated_at is null;
alter table encounter alter column updated_at set default current_timestamp;
alter table encounter alter column updated_at set not null;
create index ix_encounter_updated on encounter (updated_at);

alter table provider add column updated_at timestamp with time zone default current_timestamp not null;
alter table facility add column updated_at timestamp with time zone default current_timestamp not null;
