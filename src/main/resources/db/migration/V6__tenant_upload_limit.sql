-- A tenant's own limit on the size of a file it imports (bytes); null means the configured default
-- (LADING_IMPORT_MAX_FILE_BYTES). Set by an admin: PATCH /api/admin/tenants/{tenantId}.
alter table tenants
    add column max_upload_bytes bigint check (max_upload_bytes > 0);
