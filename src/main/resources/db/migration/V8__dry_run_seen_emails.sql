-- The emails a dry run has met so far, so that a duplicate whose first occurrence was in an earlier chunk is
-- predicted as a duplicate, not a creation. Written in each chunk's transaction (a resumed dry run sees what its
-- committed chunks saw); emptied by the import's last step, and gone with the job at the latest.
create table import_seen_emails (
    job_id  uuid not null references jobs (id) on delete cascade,
    email   text not null,
    primary key (job_id, email)
);
