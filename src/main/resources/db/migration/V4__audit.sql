-- Operator and user actions on jobs (cancel, retry, rollback, bulk retry...): who (the key), what, when, on
-- which job, and how the server answered. No foreign key to jobs: the trail outlives pruned jobs.
create table audit_log (
    id          bigserial primary key,
    at          timestamptz not null default now(),
    key_id      uuid        not null,
    role        text        not null,
    tenant_id   uuid,
    action      text        not null,
    job_id      uuid,
    result_job  uuid,
    outcome     integer     not null,
    detail      text
);
create index audit_log_job on audit_log (job_id, id) where job_id is not null;
create index audit_log_at on audit_log (at desc, id desc);

-- The console's job list searches by time range and file name, newest first.
create index jobs_file_name on jobs (lower(file_name) text_pattern_ops) where file_name is not null;
