-- Registration and the FHIR Patient API: MRN numbers per facility, phone search, identifier lookup by value.
-- Portable SQL: runs on PostgreSQL 15+ and on H2 in PostgreSQL mode.

-- New MRNs are M + 8 digits from this sequence (the demo hospital's are M + 7 digits, so the two never collide).
create sequence patient_mrn_seq start with 10000001;

-- Phone digits only, so that "(614) 555-0100" and "614.555.0100" find the same patient.
alter table patient add column phone_digits varchar(15);
update patient set phone_digits = replace(replace(replace(replace(replace(replace(phone, '(', ''), ')', ''), ' ', ''),
    '-', ''), '.', ''), '+', '') where phone is not null;
create index ix_patient_phone on patient (phone_digits);

-- FHIR's identifier=value (no system) and registration's "who has this identifier" look up by value alone.
create index ix_patient_identifier_value on patient_identifier (id_value);
