/**
 * Schedules: recurring jobs. A tenant names a 5-field cron expression, an IANA time zone and the job to create
 * (an export request, or an import of a fixed {@code fileKey}); each firing creates one ordinary job that carries
 * the schedule's id. Firing is claimed in the database (one row per schedule, {@code next_run_at}), not kept in a
 * server's timer store, so it happens once per firing on any number of nodes of either server.
 */
package io.lading.schedules;
