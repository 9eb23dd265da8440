-- Matching: the blocking keys of every patient, so that finding candidates for a person is a few index lookups.
-- Derived data (rebuilt from the patient row at any time), so deliberately without a foreign key and without a
-- "patient_id" column: a merge moves what belongs to a patient, not this index.
create table patient_match_key (
    block_key   varchar(120) not null,
    for_patient bigint       not null,
    primary key (block_key, for_patient)
);
create index ix_patient_match_key_patient on patient_match_key (for_patient);

-- Which version of each patient row the keys were made from; a newer version is indexed again.
create table patient_match_indexed (
    for_patient bigint primary key,
    version     int not null
);

-- Changed patients are found by their update time.
create index ix_patient_updated on patient (updated_at);

-- Progress of a scan: how many patients it will look at.
alter table mpi_job add column patients_total bigint default 0 not null;
