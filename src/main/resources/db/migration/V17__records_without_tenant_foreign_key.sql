-- The foreign key from contacts and companies to tenants ran a lookup of the tenant for every row an import wrote.
-- It guarded nothing the rest of the schema does not: records are written only by a job or a call of a tenant that
-- jobs' and api_keys' own foreign keys have checked, and tenants are never deleted.
alter table contacts drop constraint contacts_tenant_id_fkey;
alter table companies drop constraint companies_tenant_id_fkey;
