-- Companies, the second entity on the import/export engine: domain (normalised in Java: lower case, no scheme,
-- www., port or path) is the dedupe key per tenant, as lower(email) is for contacts.
create table companies (
    id              uuid primary key default lading_uuid_v7(),
    tenant_id       uuid        not null references tenants (id),
    name            text        not null,
    domain          text        not null,
    industry        text,
    employees       integer,
    country         text,
    city            text,
    phone           text,
    created_on      date,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    last_import_id  uuid
);
-- The dedupe key, and the probe of every contact-import chunk's link statement (one per email domain).
create unique index companies_tenant_domain on companies (tenant_id, domain);
create index companies_tenant_created on companies (tenant_id, created_at desc, id desc);
create index companies_last_import on companies (last_import_id);

-- A contact's company: the one whose domain is its email's domain. Deleting a company (a rolled back import)
-- unlinks its contacts.
alter table contacts add column company_id uuid references companies (id) on delete set null;
-- Partial: most contacts of a fresh import have no company yet, and the FK's "set null" and contactCount
-- only ever look for a given company.
create index contacts_company on contacts (company_id) where company_id is not null;
-- A company import's link statement finds the tenant's contacts of each of its domains.
create index contacts_tenant_email_domain on contacts (tenant_id, split_part(lower(email), '@', 2));

-- What a job's rows are: contact or company (the engine is the same for both).
alter table jobs add column entity text not null default 'contact';
