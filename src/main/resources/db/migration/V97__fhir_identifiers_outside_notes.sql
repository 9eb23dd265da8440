-- A document received from another system (a FHIR import) keeps the sender's identifier (DocumentReference.identifier,
-- system and value): it is searchable, and the same document imported again is found, not filed twice.
alter table document add column source_system varchar(200);
alter table document add column source_identifier varchar(200);
create unique index ux_document_source on document (patient_id, source_system, source_identifier);
create index ix_document_source_identifier on document (source_identifier);

-- A consent created through FHIR keeps the identifier its sender gave (Consent.identifier).
alter table consent add column identifier_system varchar(200);
alter table consent add column identifier_value varchar(200);
create index ix_consent_identifier on consent (identifier_value);

-- Clinical notes written elsewhere and received electronically (a FHIR import of DocumentReferences): filed final,
-- no signature here (their author signed them where they were written).
insert into document_type (code, name, category, signature_required, retention_years, sort_order) values
 ('outside-clinical-note', 'Outside clinical note', 'outside record', false, 10, 135);
