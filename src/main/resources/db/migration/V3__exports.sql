-- Exports: the file's format, its SHA-256 and when it expires; and where a running export stands (the multipart
-- upload, its stored parts and the sort key of the last row they hold, as JSON), written with each chunk.
alter table jobs add column format text;
alter table jobs add column sha256 text;
alter table jobs add column expires_at timestamptz;
alter table jobs add column export_checkpoint text;
create index jobs_exports_to_expire on jobs (completed_at) where type = 'EXPORT' and status = 'COMPLETED';

-- Keyset pages of one tenant's contacts in id order (an export's default order) read an index range.
create index contacts_tenant_id on contacts (tenant_id, id);
