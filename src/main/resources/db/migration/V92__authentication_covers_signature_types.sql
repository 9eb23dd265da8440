-- A SIGNATURE rule with signature_types covers, besides its listed document types, every document type that requires
-- a signature (document_type.signature_required), so a type configured later is checked without editing the rule.
-- A type that another active SIGNATURE rule names (verbal orders, 48 hours) stays with that rule alone.
alter table deficiency_rule add column signature_types boolean not null default false;

update deficiency_rule set signature_types = true,
       description = 'Every entry authenticated: the author signs within 72 hours (every type that requires a signature)'
 where code = 'authentication';
