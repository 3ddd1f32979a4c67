package io.lading.imports.entity;

import io.lading.contacts.entity.ContactDraft;

/** A row after validation: either a contact to write or a rejection to report. */
public sealed interface ImportRow {

    SourceRow source();

    record Valid(SourceRow source, ContactDraft contact) implements ImportRow {
    }

    record Rejected(SourceRow source, String column, String code, String message) implements ImportRow {
    }
}
