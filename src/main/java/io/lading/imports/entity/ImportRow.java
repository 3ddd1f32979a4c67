package io.lading.imports.entity;

import io.lading.records.entity.RecordDraft;

/** A row after validation: either a record to write or a rejection to report. */
public sealed interface ImportRow {

    SourceRow source();

    record Valid(SourceRow source, RecordDraft record) implements ImportRow {
    }

    record Rejected(SourceRow source, String column, String code, String message) implements ImportRow {
    }
}
