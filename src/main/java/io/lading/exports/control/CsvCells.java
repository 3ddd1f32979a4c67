package io.lading.exports.control;

import io.lading.records.entity.RecordColumn;

/**
 * SQL that renders a column's value as the text {@link ExportEncoder.Csv} writes for it, so that PostgreSQL's
 * {@code COPY ... (FORMAT csv)} writes the bytes the Java encoder would (see {@link CsvCopy}):
 * <ul>
 *   <li>text: an empty text becomes NULL, because the encoder writes an empty cell for both where COPY would quote
 *       the empty text ({@code ""}); the formula guard is {@link CsvCopyOutput}'s;</li>
 *   <li>dates and timestamps: {@code LocalDate} and {@code OffsetDateTime} (in UTC) {@code toString()}, whose
 *       seconds and fraction appear only when they are not zero, in groups of three digits. A date's own text
 *       output is that for years 1 to 9999 (the driver insists on {@code DateStyle} ISO) and costs less than
 *       {@code to_char};</li>
 *   <li>numbers and UUIDs: PostgreSQL's own text is already Java's.</li>
 * </ul>
 */
final class CsvCells {

    // to_char covers years 1 to 9999; outside that, Java writes a sign and at least four digits
    private static final String ORDINARY_YEARS = " between '0001-01-01' and '9999-12-31 23:59:59.999999'";

    private CsvCells() {
    }

    /** The expression over {@code value} (a reference to the column's value, evaluated once per use). */
    static String cell(RecordColumn column, String value) {
        return switch (column.type()) {
            case TEXT -> "nullif(" + value + ", '')";
            case NUMBER, UUID -> value;
            case DATE -> date(value);
            case TIMESTAMP -> timestamp("(" + value + " at time zone 'UTC')");
        };
    }

    private static String date(String d) {
        return "case when " + d + " = 'infinity' then '+999999999-12-31' when " + d + " = '-infinity' then "
                + "'-999999999-01-01' when " + d + ORDINARY_YEARS + " then " + d + "::text else "
                + isoYear(d) + " || to_char(" + d + ", '-MM-DD') end";
    }

    /** {@code utc}: the value as a timestamp without zone, in UTC. */
    private static String timestamp(String utc) {
        return "case when " + utc + ORDINARY_YEARS + " then to_char(" + utc + ", 'YYYY-MM-DD\"T\"HH24:MI') else "
                + isoYear(utc) + " || to_char(" + utc + ", '-MM-DD\"T\"HH24:MI') end"
                + " || case when " + utc + " = date_trunc('minute', " + utc + ") then ''"
                + " when " + utc + " = date_trunc('second', " + utc + ") then to_char(" + utc + ", ':SS')"
                + " when " + utc + " = date_trunc('milliseconds', " + utc + ") then to_char(" + utc + ", ':SS.MS')"
                + " else to_char(" + utc + ", ':SS.US') end || 'Z'";
    }

    /** The year as java.time writes it: proleptic (1 BC is year 0), four digits at least, '+' above 9999. */
    private static String isoYear(String value) {
        String bc = "extract(year from " + value + ") < 0";
        String year = "(case when " + bc + " then extract(year from " + value + ") + 1 else extract(year from "
                + value + ") end)::integer";
        return "(case when " + year + " > 9999 then '+' || " + year + " when " + year + " >= 0 then lpad(" + year
                + "::text, 4, '0') when " + year + " > -1000 then '-' || lpad((-" + year + ")::text, 4, '0') else "
                + year + "::text end)";
    }
}
