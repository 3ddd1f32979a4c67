package io.lading.exports.control;

import io.lading.records.control.RecordFilterSql;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.UUID;
import org.postgresql.core.Utils;

/**
 * Writes a statement's parameters into its text, for {@code COPY (query)}, which takes no bind parameters. Only the
 * types the filter compiler and sort keys produce are accepted; text goes through the driver's own escaping, as
 * an {@code E'...'} literal, which reads the same whatever {@code standard_conforming_strings} says.
 */
final class SqlLiterals {

    // PostgreSQL reads neither java.time's signed years nor its year 0: years of an era, then AD or BC
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR_OF_ERA, 4, 10, SignStyle.NORMAL).appendPattern("-MM-dd G")
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR_OF_ERA, 4, 10, SignStyle.NORMAL)
            .appendPattern("-MM-dd HH:mm:ss.SSSSSS'+00' G").toFormatter(Locale.ROOT);

    private SqlLiterals() {
    }

    /** {@code sql}'s text with each {@code ?} replaced by its parameter (column expressions hold no '?'). */
    static String inline(RecordFilterSql.Sql sql) throws SQLException {
        String text = sql.text();
        StringBuilder out = new StringBuilder(text.length() + 16 * sql.params().size());
        int next = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '?') {
                out.append(c);
                continue;
            }
            if (next == sql.params().size()) {
                throw new IllegalArgumentException("More placeholders than parameters in: " + text);
            }
            literal(out, sql.params().get(next++));
        }
        if (next != sql.params().size()) {
            throw new IllegalArgumentException("More parameters than placeholders in: " + text);
        }
        return out.toString();
    }

    static void literal(StringBuilder out, Object value) throws SQLException {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            out.append("E'");
            Utils.escapeLiteral(out, text, false);
            out.append('\'');
        } else if (value instanceof Integer || value instanceof Long) {
            out.append('(').append(value).append(')');
        } else if (value instanceof UUID id) {
            out.append('\'').append(id).append("'::uuid");
        } else if (value instanceof LocalDate date) {
            out.append('\'').append(DATE.format(date)).append("'::date");
        } else if (value instanceof OffsetDateTime time) {
            out.append('\'').append(TIMESTAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC))).append("'::timestamptz");
        } else {
            throw new IllegalArgumentException("No SQL literal for a " + value.getClass().getName());
        }
    }
}
