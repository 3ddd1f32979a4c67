/**
 * The operators' side: the admin console's API (overview, bulk actions, viewer keys), the audit trail of every
 * action on a job, the job metrics in Prometheus text and the broker's readiness check. The console itself is
 * static ES modules under {@code src/main/webapp/admin}; it talks only to the REST API, with the key in a header.
 */
package io.lading.console;
