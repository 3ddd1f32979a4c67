-- What an import changed, so it can be rolled back: the previous values of every contact it updated (the
-- contacts it created are those whose last_import_id is the import and that have no row here).
create table import_changes (
    job_id      uuid  not null references jobs (id) on delete cascade,
    contact_id  uuid  not null,
    previous    jsonb not null,
    primary key (job_id, contact_id)
);

alter table jobs add column duplicate_rows bigint not null default 0;
alter table jobs add column ignored_columns text;
create index contacts_last_import on contacts (last_import_id);
