-- API keys move from plain SHA-256 to HMAC-SHA256(server secret, SHA-256(key)) (io.lading.tenancy.control.
-- ApiKeyHasher). The secret is configuration, not in the database, so existing rows are converted at start by
-- ApiKeyUpgrade: they keep hash_scheme 'sha256' and no lookup_id until then, and are not found in the meantime.
-- lookup_id is not secret: the id a new key carries, or a prefix of the HMAC for keys without one.
alter table api_keys
    add column hash_scheme text not null default 'sha256' check (hash_scheme in ('sha256', 'hmac-sha256')),
    add column lookup_id   text;
create index api_keys_lookup on api_keys (lookup_id);
