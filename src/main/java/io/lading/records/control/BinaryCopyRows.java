package io.lading.records.control;

import io.lading.records.entity.FieldType;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, sent as they are encoded. PostgreSQL takes each value as it is
 * (a UUID's 16 bytes, a date's day number, a text's UTF-8 bytes) instead of splitting CSV lines and parsing every
 * value from its text, and Java does not quote.
 *
 * <p>Values come in as the import's validation left them: texts, whole numbers in decimal, dates as
 * {@code YYYY-MM-DD}, null for none.
 */
final class BinaryCopyRows implements AutoCloseable {

    /** The format's signature, then no flags and no header extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};

    /** PostgreSQL counts dates from 2000-01-01. */
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

    private final CopyIn copy;
    private final byte[] buffer;
    private int length;

    BinaryCopyRows(CopyIn copy, int bufferSize) throws SQLException {
        this.copy = copy;
        this.buffer = new byte[bufferSize];
        put(HEADER);
    }

    /** Starts a row of {@code columns} values; each follows with one of the value methods. */
    void row(int columns) throws SQLException {
        room(2);
        putShort(columns);
    }

    void uuid(UUID value) throws SQLException {
        room(20);
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
    }

    /** A value of a field of this type, as validation normalised it; null is NULL. */
    void value(FieldType type, String value) throws SQLException {
        if (value == null) {
            room(4);
            putInt(-1);
            return;
        }
        switch (type) {
            case INTEGER -> {
                room(8);
                putInt(4);
                int digits = FieldType.digits(value, 0, value.length());
                putInt(digits >= 0 ? digits : Integer.parseInt(value));
            }
            case DATE -> {
                room(8);
                putInt(4);
                LocalDate iso = FieldType.isoDate(value);
                LocalDate day = iso != null ? iso : LocalDate.parse(value);
                putInt(Math.toIntExact(day.toEpochDay() - POSTGRES_EPOCH_DAY));
            }
            default -> {
                byte[] text = value.getBytes(StandardCharsets.UTF_8);
                room(4);
                putInt(text.length);
                put(text);
            }
        }
    }

    /** Ends the rows and the COPY: answers how many rows PostgreSQL took. */
    long end() throws SQLException {
        room(2);
        putShort(-1);
        flush();
        return copy.endCopy();
    }

    /** Cancels the COPY if it is still open (after a failure). */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void room(int bytes) throws SQLException {
        if (buffer.length - length < bytes) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }

    private void put(byte[] bytes) throws SQLException {
        if (bytes.length > buffer.length - length) {
            flush();
            if (bytes.length > buffer.length) {
                copy.writeToCopy(bytes, 0, bytes.length);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void putShort(int value) {
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putInt(int value) {
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
