/**
 * Exports of any entity (contacts, companies): the records a filter selects, streamed to S3 as CSV, JSON, JSON
 * Lines or XLSX by the {@code contact-export} batch job (one for every entity; the job row names it), downloaded
 * through short-lived presigned URLs and expired by a daily timer.
 */
package io.lading.exports;
