-- Clinical data received from other systems as FHIR resources (a FHIR import: a Synthea record, another hospital's
-- summary): results (Observation, DiagnosticReport), medications, allergies, immunizations, care plans, care teams,
-- goals, imaging studies, devices, supplies, and the billing records of the designated record set (Claim,
-- ExplanationOfBenefit). Each is kept as received (its JSON, references rewritten to this system's ids) with the
-- fields its searches need. The sender's identifier (or the entry's fullUrl) keys it: importing again updates.
create sequence outside_resource_seq;

create table outside_resource (
    id                bigint primary key,
    patient_id        bigint not null references patient (id),
    encounter_id      bigint references encounter (id),
    resource_type     varchar(40) not null,
    source_system     varchar(200) not null,
    source_identifier varchar(200) not null,
    code_system       varchar(200),
    code              varchar(100),
    effective_at      timestamp with time zone,
    status            varchar(40),
    content           text not null,
    sha256            varchar(64) not null,
    received_at       timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    version           integer not null default 1,
    received_by       bigint
);
create unique index ux_outside_resource_source on outside_resource (patient_id, resource_type, source_system, source_identifier);
create index ix_outside_resource_patient on outside_resource (patient_id, resource_type, effective_at);
create index ix_outside_resource_encounter on outside_resource (encounter_id);

-- An export now offers the received types too: the list of types asked for no longer fits in 200 characters.
alter table fhir_export_job alter column types set data type varchar(1000);
