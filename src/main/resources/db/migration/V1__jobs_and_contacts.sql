-- Tenants and their API keys. Keys are stored as SHA-256 hashes; the clear key is shown once.
create table tenants (
    id          uuid primary key,
    name        text        not null,
    created_at  timestamptz not null default now()
);
create unique index tenants_name on tenants (lower(name));

create table api_keys (
    id          uuid primary key,
    tenant_id   uuid references tenants (id),
    role        text        not null check (role in ('USER', 'ADMIN', 'VIEWER')),
    key_hash    text        not null unique,
    key_prefix  text        not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz,
    check (role <> 'USER' or tenant_id is not null)
);

-- One row per job of any type; the status column follows io.lading.jobs.entity.JobStatus.
create table jobs (
    id                 uuid primary key,
    tenant_id          uuid        not null references tenants (id),
    type               text        not null,
    status             text        not null,
    priority           text        not null default 'NORMAL',
    attempts           integer     not null default 0,
    max_attempts       integer     not null default 3,
    next_attempt_at    timestamptz,
    idempotency_key    text,
    parent_id          uuid references jobs (id) on delete set null,
    file_name          text,
    file_key           text,
    file_size          bigint,
    file_etag          text,
    parameters         text,
    source_header      text,
    total_rows         bigint,
    processed_rows     bigint      not null default 0,
    created_rows       bigint      not null default 0,
    updated_rows       bigint      not null default 0,
    skipped_rows       bigint      not null default 0,
    failed_rows        bigint      not null default 0,
    checkpoint_row     bigint      not null default 0,
    bytes_read         bigint      not null default 0,
    batch_execution_id bigint,
    node_id            text,
    heartbeat_at       timestamptz,
    cancel_requested   boolean     not null default false,
    resume_pending     boolean     not null default false,
    failure_code       text,
    failure_permanent  boolean     not null default false,
    failure_reason     text,
    created_at         timestamptz not null default now(),
    started_at         timestamptz,
    completed_at       timestamptz,
    updated_at         timestamptz not null default now(),
    version            bigint      not null default 0
);
create unique index jobs_idempotency on jobs (tenant_id, idempotency_key) where idempotency_key is not null;
create index jobs_tenant_type_created on jobs (tenant_id, type, created_at desc, id desc);
create index jobs_created on jobs (created_at desc, id desc);
create index jobs_status on jobs (status, next_attempt_at);
create index jobs_completed on jobs (completed_at) where completed_at is not null;

-- Every status change and attempt, for the job's timeline.
create table job_events (
    id          bigserial primary key,
    job_id      uuid        not null references jobs (id) on delete cascade,
    at          timestamptz not null default now(),
    status      text        not null,
    attempt     integer     not null,
    node_id     text,
    message     text
);
create index job_events_job on job_events (job_id, id);

create table contacts (
    id              uuid primary key,
    tenant_id       uuid        not null references tenants (id),
    email           text        not null,
    first_name      text,
    last_name       text,
    phone           text,
    title           text,
    company         text,
    country         text,
    city            text,
    employees       integer,
    created_on      date,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    last_import_id  uuid
);
create unique index contacts_tenant_email on contacts (tenant_id, lower(email));
create index contacts_tenant_created on contacts (tenant_id, created_at desc, id desc);

-- Rows an import rejected, with the row as it came in (CSV-encoded) for the error report.
create table import_errors (
    job_id       uuid    not null references jobs (id) on delete cascade,
    row_number   bigint  not null,
    column_name  text,
    code         text    not null,
    message      text    not null,
    source_row   text,
    primary key (job_id, row_number)
);
