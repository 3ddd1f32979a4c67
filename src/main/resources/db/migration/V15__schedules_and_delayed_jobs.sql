-- Delayed jobs and per-job retry policy: a job may wait as SCHEDULED until run_at, back off its own way between
-- attempts and have its own time limit; a job a schedule created names it.
alter table jobs
    add column run_at                timestamptz,
    add column schedule_id           uuid,
    add column backoff_type          text check (backoff_type in ('EXPONENTIAL', 'FIXED')),
    add column backoff_delay_seconds integer check (backoff_delay_seconds > 0),
    add column timeout_minutes       integer check (timeout_minutes > 0);

-- The promotion sweep: scheduled jobs whose time has come.
create index jobs_scheduled_due on jobs (run_at) where status = 'SCHEDULED';
create index jobs_by_schedule on jobs (schedule_id, created_at) where schedule_id is not null;

-- Recurring jobs: one row per schedule; the sweep that fires it claims the row (FOR UPDATE SKIP LOCKED), creates
-- the job and moves next_run_at past now in one transaction, so each firing creates one job on any number of nodes.
create table schedules (
    id          uuid        primary key,
    tenant_id   uuid        not null references tenants (id) on delete cascade,
    name        text        not null,
    cron        text        not null,
    time_zone   text        not null,
    job_type    text        not null check (job_type in ('IMPORT', 'EXPORT')),
    job_request text        not null,
    paused      boolean     not null default false,
    next_run_at timestamptz,
    last_run_at timestamptz,
    last_job_id uuid,
    last_error  text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint      not null default 0
);
create index schedules_tenant on schedules (tenant_id, created_at, id);
create index schedules_due on schedules (next_run_at) where not paused;
