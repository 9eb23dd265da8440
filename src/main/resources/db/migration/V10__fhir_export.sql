-- FHIR bulk data export ($export): the electronic health information export of ONC 170.315(b)(10).
-- Portable SQL: runs on PostgreSQL 15+ and on H2 in PostgreSQL mode.
insert into permission (code, description) values
 ('fhir.export', 'Export the patient index and records in bulk (FHIR $export, the EHI export)');
insert into role_permission (role_code, permission_code) values ('him', 'fhir.export');

create table fhir_export_job (
    id               varchar(36)  primary key,
    level            varchar(10)  not null,     -- system, patient
    user_id          bigint       not null references app_user (id),
    username         varchar(64)  not null,
    types            varchar(200) not null,     -- comma-separated resource types
    since            timestamp with time zone,
    request_url      varchar(2000) not null,
    status           varchar(12)  not null,     -- accepted, running, complete, failed, cancelled
    progress         varchar(200),
    error            varchar(500),
    requested_at     timestamp with time zone not null,
    transaction_time timestamp with time zone not null,
    finished_at      timestamp with time zone
);
create index ix_fhir_export_job_user on fhir_export_job (user_id, requested_at);

create table fhir_export_file (
    job_id    varchar(36)  not null references fhir_export_job (id),
    resource  varchar(40)  not null,
    file_name varchar(100) not null,
    resources bigint       not null,
    sha256    varchar(64)  not null,
    primary key (job_id, resource)
);
