-- The nodes of the cluster as their heartbeats show them. started_at and last_heartbeat_at are the database's
-- clock (now() at the beat), so staleness is judged by one clock for every node.
create table nodes (
    node_id           text primary key,
    started_at        timestamptz not null,
    last_heartbeat_at timestamptz not null
);

-- Fencing: every claim of a job increments its owner epoch; a chunk commits only while the epoch it started
-- with is still the row's, so a node that was paused and comes back cannot write over the node that took over.
alter table jobs add column owner_epoch bigint not null default 0;

-- When the job's message was last sent to the broker: a queued job whose message has long been gone (a dead
-- letter, a lost broker journal) is sent again by the sweep, at most a few times.
alter table jobs add column dispatched_at timestamptz;
alter table jobs add column redispatches int not null default 0;
create index jobs_queued_dispatch on jobs (dispatched_at) where status = 'QUEUED';
