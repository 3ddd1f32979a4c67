package io.lading.records.entity;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

/** How a field's values are checked and normalised on import, and cast back from text in SQL. */
public enum FieldType {
    TEXT("text"),
    /** Trimmed and lower-cased; a plausible address. */
    EMAIL("text"),
    /** A web domain, normalised: lower case, no scheme, {@code www.}, port or path ({@link #domain}). */
    DOMAIN("text"),
    INTEGER("integer"),
    DATE("date");

    private static final Pattern SCHEME = Pattern.compile("^[a-z][a-z0-9+.-]*://");
    private static final Pattern HOST = Pattern.compile(
            "^[\\p{L}\\p{N}]([\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?(\\.[\\p{L}\\p{N}]([\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)+$");

    private final String sqlType;

    FieldType(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The column's SQL type, for casts from the text arrays and JSON snapshots the engine writes. */
    public String sqlType() {
        return sqlType;
    }

    /**
     * The day a {@code YYYY-MM-DD} text names, read from its digits; null when the text is not in that form.
     * Imports read every date twice (validation, then the binary {@code COPY}), and {@link LocalDate#parse}'s
     * general parser took 8 % of an import's CPU in the application server.
     *
     * @throws java.time.DateTimeException when the digits name no day (2023-02-30)
     */
    public static LocalDate isoDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        return year < 0 || month < 0 || day < 0 ? null : LocalDate.of(year, month, day);
    }

    /**
     * The value of the ASCII digits {@code text[from, to)} (at most nine, so it fits an int); -1 when the range is
     * empty or holds anything else. What imports read plain numbers and dates with, in place of the general parsers.
     */
    public static int digits(String text, int from, int to) {
        if (from >= to || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The domain a value names ({@code https://www.ACME.com:443/about?x} and {@code acme.com} are both
     * {@code acme.com}), or null when it names none.
     */
    public static String domain(String value) {
        if (value == null) {
            return null;
        }
        String d = value.trim().toLowerCase(Locale.ROOT);
        d = SCHEME.matcher(d).replaceFirst("");
        int end = d.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = d.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        d = d.substring(0, end);
        int user = d.lastIndexOf('@');
        if (user >= 0) {
            d = d.substring(user + 1);
        }
        int port = d.indexOf(':');
        if (port >= 0) {
            d = d.substring(0, port);
        }
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.startsWith("www.")) {
            d = d.substring(4);
        }
        return d.length() <= 253 && HOST.matcher(d).matches() ? d : null;
    }
}
