package io.lading.records.entity;

/**
 * A validated row, ready to write: its dedupe key and its values as text, one per field of its kind in the
 * kind's order (numbers and ISO dates as text; empty values null).
 */
public interface RecordDraft {

    String key();

    String[] texts();

    /** This row's non-empty values over {@code earlier}'s: what a later duplicate in the same file does. */
    RecordDraft over(RecordDraft earlier);

    /** The draft of any kind that has no record type of its own. */
    record Values(String key, String[] texts) implements RecordDraft {

        @Override
        public RecordDraft over(RecordDraft earlier) {
            String[] merged = texts.clone();
            String[] before = earlier.texts();
            for (int i = 0; i < merged.length; i++) {
                if (merged[i] == null) {
                    merged[i] = before[i];
                }
            }
            return new Values(key, merged);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Values v && key.equals(v.key) && java.util.Arrays.equals(texts, v.texts);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }

        @Override
        public String toString() {
            return key + java.util.Arrays.toString(texts);
        }
    }
}
