-- The provider directory and the facilities (FHIR Practitioner and Organization) are not patient information, but
-- reading them is still decided by permission and recorded (AccessGate.directoryRead/directorySearch).
insert into permission (code, description) values
 ('directory.read', 'Read the provider directory and the facilities (FHIR Practitioner and Organization)');

-- every role that opens charts; not the administrator or the auditor, who work without patient information
insert into role_permission (role_code, permission_code) values
 ('him', 'directory.read'), ('coder', 'directory.read'), ('roi', 'directory.read'), ('privacy', 'directory.read'),
 ('director', 'directory.read'), ('physician', 'directory.read'), ('physician-advisor', 'directory.read'),
 ('interface', 'directory.read');
