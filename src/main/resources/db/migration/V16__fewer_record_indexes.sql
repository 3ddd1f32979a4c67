-- Every index of contacts and companies is paid once per row an import writes. Two of them served nothing another
-- index cannot:
-- * (tenant_id, created_at desc, id desc): record ids are time-ordered (V7), so a tenant's newest records are the
--   end of (tenant_id, id), which lists read backwards. Companies get that index in its place (their exports walk it).
-- * (last_import_id): only a rollback looks records up by the import that wrote them, and it walks the tenant's
--   records in id order instead.
drop index contacts_tenant_created;
drop index contacts_last_import;

drop index companies_tenant_created;
drop index companies_last_import;
create index companies_tenant_id on companies (tenant_id, id);
