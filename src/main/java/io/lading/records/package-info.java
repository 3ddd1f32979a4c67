/**
 * What the import and export engine needs to know about an entity (contacts, companies, ...): its fields and
 * the header names files use for them, the value type of each, its dedupe key, its table, and how a batch of
 * its rows is written and linked. The engine ({@code imports}, {@code exports}) depends on this package only;
 * each entity's capability supplies a {@link io.lading.records.control.RecordKind}.
 */
package io.lading.records;
