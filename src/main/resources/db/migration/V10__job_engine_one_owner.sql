-- An Idempotency-Key names one job per tenant and job type: an import may reuse the key of an export.
drop index jobs_idempotency;
create unique index jobs_idempotency on jobs (tenant_id, type, idempotency_key) where idempotency_key is not null;

-- A job type's own checkpoint (JSON), mapped on the job for every type: so far only exports keep one.
alter table jobs rename column export_checkpoint to checkpoint_state;
