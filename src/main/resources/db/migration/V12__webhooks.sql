-- Webhook endpoints: a tenant's (tenant_id set) or an operator's for every tenant's events (tenant_id null).
-- The secret is kept as it was issued, not hashed: every delivery is signed with it (HMAC-SHA256).
create table webhooks (
    id          uuid primary key,
    tenant_id   uuid,
    url         text        not null,
    events      text        not null,
    secret      text        not null,
    created_at  timestamptz not null
);
create index webhooks_tenant on webhooks (tenant_id);

-- The outbox: one row per endpoint and job event, written in the transaction of the job's status change, so a
-- delivery exists iff the change committed. The body is fixed when the row is written (the job as it was then):
-- every attempt sends the same bytes under the same id. lease_until marks a row a node is sending right now.
create table webhook_deliveries (
    id               uuid primary key,
    webhook_id       uuid        not null references webhooks (id) on delete cascade,
    tenant_id        uuid        not null,
    job_id           uuid        not null,
    event            text        not null,
    body             text        not null,
    status           text        not null,
    attempts         int         not null default 0,
    last_status_code int,
    last_error       text,
    next_attempt_at  timestamptz,
    retry_until      timestamptz not null,
    lease_until      timestamptz,
    created_at       timestamptz not null,
    delivered_at     timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';
create index webhook_deliveries_webhook on webhook_deliveries (webhook_id, created_at desc, id desc);
create index webhook_deliveries_job on webhook_deliveries (job_id);

-- Every attempt of a delivery: the answer's status code, or what went wrong (timeout, refused address, ...).
create table webhook_attempts (
    id           bigserial primary key,
    delivery_id  uuid        not null references webhook_deliveries (id) on delete cascade,
    attempted_at timestamptz not null,
    status_code  int,
    error        text,
    duration_ms  bigint      not null
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, id);
