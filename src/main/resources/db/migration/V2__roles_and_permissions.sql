-- Roles and permissions are data; administrators edit role_permission on the Roles page.
insert into permission (code, description) values
 ('patient.search',          'Search the master patient index'),
 ('patient.read',            'Open any patient''s chart'),
 ('patient.read.care',       'Open the charts of patients in one''s own care (attending on an encounter)'),
 ('patient.read.restricted', 'Open restricted (confidential, VIP, employee) charts without break-the-glass'),
 ('patient.write',           'Register patients and change demographics'),
 ('breakglass.use',          'Emergency access to a chart outside one''s normal permissions, with a reason'),
 ('breakglass.review',       'Review emergency accesses'),
 ('audit.read',              'Run audit reports and the who-accessed-this-record report'),
 ('audit.verify',            'Verify the audit trail''s hash chain'),
 ('audit.settings',          'Change audit settings'),
 ('admin.users',             'Create, disable and unlock user accounts; assign roles'),
 ('admin.roles',             'Edit which permissions each role has'),
 ('admin.tokens',            'Issue and revoke API tokens for any user'),
 ('workqueue.work',          'Work the queues: claim, complete and release items'),
 ('workqueue.manage',        'Assign and reassign queue items to others');

insert into role (code, name, description, mfa_required) values
 ('admin',     'Administrator',                        'Manages accounts, roles, permissions and tokens', true),
 ('him',       'Health information technician',        'Maintains the record: patient index, chart completion, scanning', false),
 ('coder',     'Coder',                                'Assigns ICD-10-CM/PCS and HCPCS codes', false),
 ('roi',       'Release of information specialist',    'Answers record requests and accounts for disclosures', false),
 ('privacy',   'Privacy officer',                      'Monitors access, reviews emergency access, runs audit reports', true),
 ('director',  'HIM director',                         'Runs the department: queues, reports, staff', false),
 ('auditor',   'Auditor',                              'Reviews the audit trail and department audits', false),
 ('physician', 'Physician',                            'Signs documents, answers queries, sees own patients', false);

insert into role_permission (role_code, permission_code) values
 ('admin', 'admin.users'), ('admin', 'admin.roles'), ('admin', 'admin.tokens'), ('admin', 'audit.verify'),
 ('admin', 'workqueue.work'),
 ('him', 'patient.search'), ('him', 'patient.read'), ('him', 'patient.write'), ('him', 'breakglass.use'),
 ('him', 'workqueue.work'),
 ('coder', 'patient.search'), ('coder', 'patient.read'), ('coder', 'breakglass.use'), ('coder', 'workqueue.work'),
 ('roi', 'patient.search'), ('roi', 'patient.read'), ('roi', 'breakglass.use'), ('roi', 'workqueue.work'),
 ('privacy', 'patient.search'), ('privacy', 'patient.read'), ('privacy', 'patient.read.restricted'),
 ('privacy', 'breakglass.review'), ('privacy', 'audit.read'), ('privacy', 'audit.verify'),
 ('privacy', 'audit.settings'), ('privacy', 'workqueue.work'), ('privacy', 'workqueue.manage'),
 ('director', 'patient.search'), ('director', 'patient.read'), ('director', 'audit.read'),
 ('director', 'workqueue.work'), ('director', 'workqueue.manage'),
 ('auditor', 'audit.read'), ('auditor', 'audit.verify'), ('auditor', 'workqueue.work'),
 ('physician', 'patient.search'), ('physician', 'patient.read.care'), ('physician', 'breakglass.use'),
 ('physician', 'workqueue.work');

insert into work_item_type (code, name, description, default_pool_role, default_due_hours) values
 ('breakglass-review', 'Emergency access review',
  'A user opened a chart through break-the-glass; confirm the reason or refer it for investigation', 'privacy', 72);

insert into setting (setting_key, setting_value, updated_at) values
 ('audit.record-searches',        'true', current_timestamp),
 ('audit.retention-years',        '7',    current_timestamp),
 ('breakglass.grant-minutes',     '240',  current_timestamp),
 ('breakglass.review-due-hours',  '72',   current_timestamp);
