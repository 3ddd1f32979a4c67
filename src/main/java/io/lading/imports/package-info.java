/**
 * Imports of any entity (contacts, companies): the API that accepts a file, and the {@code contact-import} batch
 * job (one for every entity; the job row names it) that streams it from S3, maps and validates each row by the
 * entity's description ({@link io.lading.records.control.RecordKind}), and upserts valid rows in chunks while
 * recording every rejected row.
 */
package io.lading.imports;
