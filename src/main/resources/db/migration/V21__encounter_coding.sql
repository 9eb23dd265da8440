-- Encounter coding: the coded abstract of an encounter (diagnoses with present-on-admission indicators, procedures
-- with dates, abstracted fields), final coding that locks it, and the coding edits as data.
create table coding_abstract (
    encounter_id          bigint       primary key references encounter (id),
    patient_id            bigint       not null references patient (id),
    status                varchar(12)  not null,
    admit_source          varchar(60),
    discharge_disposition varchar(60),
    updated_at            timestamp with time zone not null,
    updated_by            varchar(64),
    finalized_at          timestamp with time zone,
    finalized_by          varchar(64),
    version               int          not null default 0
);
create index ix_coding_abstract_patient on coding_abstract (patient_id);

-- kind: diagnosis (seq 1 is the principal diagnosis) or procedure (seq 1 the principal procedure)
create table coding_abstract_code (
    encounter_id   bigint      not null references coding_abstract (encounter_id) on delete cascade,
    kind           varchar(10) not null,
    seq            int         not null,
    code_system    varchar(20) not null,
    code           varchar(10) not null,
    poa            varchar(1),
    procedure_date date,
    primary key (encounter_id, kind, seq)
);

-- The edits, each with where its rule comes from. Edits that name codes list them in coding_edit_code as ranges of
-- ICD-10-CM code beginnings (first..last compared on the length of first), with the sex or ages they allow.
create table coding_edit (
    code        varchar(40)  primary key,
    description varchar(300) not null,
    source      varchar(400) not null
);

create table coding_edit_code (
    edit_code  varchar(40) not null references coding_edit (code),
    first_code varchar(10) not null,
    last_code  varchar(10) not null,
    sex        varchar(10),
    min_age    int,
    max_age    int
);
create index ix_coding_edit_code on coding_edit_code (edit_code);

insert into coding_edit (code, description, source) values
 ('invalid-code',        'Code not valid for the discharge date',
  'CMS ICD-10-CM/PCS code set in effect on the discharge date (fiscal year October 1 to September 30); Medicare Code Editor (MCE) edit 1, invalid diagnosis or procedure code'),
 ('header-code',         'Header code: a category with subdivisions, not billable',
  'CMS ICD-10-CM/PCS order files, flag 0 (not valid for HIPAA transactions)'),
 ('sex-conflict',        'Diagnosis inconsistent with the patient''s sex',
  'MCE edit 4, sex conflict: ranges from ICD-10-CM chapter 14 (N40-N53 male, N70-N98 female), chapter 2 (C51-C58 female, C60-C63 male) and chapter 15 (O00-O9A, Z33-Z39, Z3A female); a subset of the MCE tables'),
 ('age-conflict',        'Diagnosis inconsistent with the patient''s age',
  'MCE edit 3, age conflict: newborn age 0 (P00-P96), maternity ages 9-64 (O00-O9A, Z3A); a subset of the MCE tables'),
 ('manifestation-principal', 'Manifestation code as principal diagnosis (code the underlying disease first)',
  'MCE edit 5, manifestation code as principal diagnosis: ICD-10-CM categories titled "in diseases classified elsewhere" (use additional code / code first convention, Official Guidelines I.A.13)'),
 ('external-cause-principal', 'External cause code as principal diagnosis',
  'MCE edit 6, E-code as principal diagnosis: ICD-10-CM chapter 20 (V00-Y99) is never principal (Official Guidelines I.C.20)'),
 ('unacceptable-principal', 'Code unacceptable as principal diagnosis',
  'MCE edit 8, unacceptable principal diagnosis: infectious agents (B95-B97), history, status and BMI codes (Z68, Z79-Z88, Z92); a subset of the MCE table'),
 ('duplicate-of-principal', 'Secondary diagnosis duplicates the principal diagnosis',
  'MCE edit 7, duplicate of principal diagnosis'),
 ('poa-missing',         'Present-on-admission indicator missing (inpatient)',
  'CMS POA reporting for inpatient claims (Y, N, U, W, or 1 for exempt codes); ICD-10-CM Official Guidelines appendix I'),
 ('poa-invalid',         'Present-on-admission indicator is not Y, N, U, W or 1',
  'CMS POA indicator values; ICD-10-CM Official Guidelines appendix I'),
 ('poa-exempt',          'Code exempt from POA reporting: report 1 or leave blank',
  'CMS POA exempt list (Z37, Z38, Z3A, Z68, Z79-Z88 and external causes V00-Y99 are among the exempt categories); a subset of the list');

insert into coding_edit_code (edit_code, first_code, last_code, sex, min_age, max_age) values
 ('sex-conflict', 'N40', 'N53', 'male', null, null),
 ('sex-conflict', 'C60', 'C63', 'male', null, null),
 ('sex-conflict', 'N70', 'N98', 'female', null, null),
 ('sex-conflict', 'C51', 'C58', 'female', null, null),
 ('sex-conflict', 'O00', 'O9A', 'female', null, null),
 ('sex-conflict', 'Z33', 'Z37', 'female', null, null),
 ('sex-conflict', 'Z39', 'Z39', 'female', null, null),
 ('sex-conflict', 'Z3A', 'Z3A', 'female', null, null),
 ('age-conflict', 'P00', 'P96', null, 0, 0),
 ('age-conflict', 'O00', 'O9A', null, 9, 64),
 ('age-conflict', 'Z3A', 'Z3A', null, 9, 64),
 ('external-cause-principal', 'V00', 'Y99', null, null, null),
 ('unacceptable-principal', 'B95', 'B97', null, null, null),
 ('unacceptable-principal', 'Z68', 'Z68', null, null, null),
 ('unacceptable-principal', 'Z79', 'Z88', null, null, null),
 ('unacceptable-principal', 'Z92', 'Z92', null, null, null),
 ('poa-exempt', 'Z37', 'Z38', null, null, null),
 ('poa-exempt', 'Z3A', 'Z3A', null, null, null),
 ('poa-exempt', 'Z68', 'Z68', null, null, null),
 ('poa-exempt', 'Z79', 'Z88', null, null, null),
 ('poa-exempt', 'V00', 'Y99', null, null, null);

insert into coding_edit_code (edit_code, first_code, last_code) values
 ('manifestation-principal', 'D63', 'D63'), ('manifestation-principal', 'E35', 'E35'), ('manifestation-principal', 'F02', 'F02'), ('manifestation-principal', 'G01', 'G01'), ('manifestation-principal', 'G02', 'G02'),
 ('manifestation-principal', 'G05', 'G05'), ('manifestation-principal', 'G07', 'G07'), ('manifestation-principal', 'G13', 'G13'), ('manifestation-principal', 'G26', 'G26'), ('manifestation-principal', 'G32', 'G32'),
 ('manifestation-principal', 'G53', 'G53'), ('manifestation-principal', 'G55', 'G55'), ('manifestation-principal', 'G59', 'G59'), ('manifestation-principal', 'G63', 'G63'), ('manifestation-principal', 'G94', 'G94'),
 ('manifestation-principal', 'G99', 'G99'), ('manifestation-principal', 'H22', 'H22'), ('manifestation-principal', 'H28', 'H28'), ('manifestation-principal', 'H32', 'H32'), ('manifestation-principal', 'H36', 'H36'),
 ('manifestation-principal', 'H42', 'H42'), ('manifestation-principal', 'H62', 'H62'), ('manifestation-principal', 'H67', 'H67'), ('manifestation-principal', 'H75', 'H75'), ('manifestation-principal', 'H94', 'H94'),
 ('manifestation-principal', 'I32', 'I32'), ('manifestation-principal', 'I39', 'I39'), ('manifestation-principal', 'I41', 'I41'), ('manifestation-principal', 'I43', 'I43'), ('manifestation-principal', 'I52', 'I52'),
 ('manifestation-principal', 'J17', 'J17'), ('manifestation-principal', 'J99', 'J99'), ('manifestation-principal', 'K23', 'K23'), ('manifestation-principal', 'K67', 'K67'), ('manifestation-principal', 'K77', 'K77'),
 ('manifestation-principal', 'L14', 'L14'), ('manifestation-principal', 'L45', 'L45'), ('manifestation-principal', 'L54', 'L54'), ('manifestation-principal', 'L62', 'L62'), ('manifestation-principal', 'L86', 'L86'),
 ('manifestation-principal', 'L99', 'L99'), ('manifestation-principal', 'M14', 'M14'), ('manifestation-principal', 'M36', 'M36'), ('manifestation-principal', 'M49', 'M49'), ('manifestation-principal', 'M63', 'M63'),
 ('manifestation-principal', 'M90', 'M90'), ('manifestation-principal', 'N08', 'N08'), ('manifestation-principal', 'N16', 'N16'), ('manifestation-principal', 'N22', 'N22'), ('manifestation-principal', 'N29', 'N29'),
 ('manifestation-principal', 'N33', 'N33'), ('manifestation-principal', 'N37', 'N37'), ('manifestation-principal', 'N51', 'N51'), ('manifestation-principal', 'N74', 'N74'), ('manifestation-principal', 'N77', 'N77');

insert into permission (code, description) values
 ('coding.write', 'Code encounters: diagnoses, procedures, final coding and reopening');
insert into role_permission (role_code, permission_code) values ('coder', 'coding.write'), ('director', 'coding.write');
