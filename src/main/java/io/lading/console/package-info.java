/**
 * The operators' side: the admin console's API (session, overview, bulk retry) and the job metrics in Prometheus
 * text. The console itself is static ES modules under {@code src/main/webapp/admin}; it talks only to the REST API
 * (operator keys are tenancy's {@code /admin/keys}, the audit trail jobs' {@code /admin/audit}), with the key in a
 * header.
 */
package io.lading.console;
