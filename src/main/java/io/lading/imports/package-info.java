/**
 * Contact imports: the API that accepts a file, and the {@code contact-import} batch job that streams it
 * from S3, maps and validates each row, and upserts valid rows in chunks while recording every rejected row.
 */
package io.lading.imports;
