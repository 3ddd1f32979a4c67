-- Contact ids in time order (UUID version 7, RFC 9562: 48 bits of Unix milliseconds, then random bits).
-- Rows written together get neighbouring ids, so a bulk import appends to the primary key and to the
-- (tenant, ..., id) indexes instead of touching a random page of each per row; only the email index stays
-- random. Imports send ids of the same kind made in Java (ContactUpsert), which keeps COPY's multi-row
-- inserts: PostgreSQL turns them off when an omitted column has a volatile default such as this one.
create function lading_uuid_v7() returns uuid
    language sql volatile parallel safe
    as $$
    select encode(
               set_bit(set_bit(
                   overlay(uuid_send(gen_random_uuid())
                           placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint)
                                             from 3)
                           from 1 for 6),
                   52, 1), 53, 1),
               'hex')::uuid
    $$;

alter table contacts alter column id set default lading_uuid_v7();
