-- A tenant's job list (GET /api/jobs without a type, newest first) walked jobs_created across every tenant and
-- filtered: the more jobs other tenants had, the slower one tenant's first page. This index serves it directly.
create index jobs_tenant_created on jobs (tenant_id, created_at desc, id desc);
