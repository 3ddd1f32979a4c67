package io.lading.imports.control;

/**
 * What an import's reader tells its writer through the job context: how the file's columns map to fields, and
 * that the file has ended (the chunk being written is the last: the writer waits for the chunks before it to
 * commit, then writes it in the batch runtime's own transaction).
 */
final class ImportReading {

    private final ColumnMapping mapping;
    private volatile boolean ended;

    ImportReading(ColumnMapping mapping) {
        this.mapping = mapping;
    }

    ColumnMapping mapping() {
        return mapping;
    }

    void end() {
        ended = true;
    }

    boolean ended() {
        return ended;
    }
}
