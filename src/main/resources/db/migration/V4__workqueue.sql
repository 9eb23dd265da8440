-- Work queues: the decision a completion records (for example a break-the-glass review's outcome), and indexes for
-- the per-role queue views and for finding a subject's items.
alter table work_item add column outcome varchar(40);
create index ix_work_item_pool on work_item (pool_role, status, item_type, due_at);
create index ix_work_item_subject on work_item (subject_type, subject_id);
create index ix_break_glass_patient on break_glass_grant (patient_id, granted_at);
