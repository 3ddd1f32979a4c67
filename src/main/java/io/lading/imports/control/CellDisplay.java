package io.lading.imports.control;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * A numeric cell as the user sees it, where POI's sheet reader asks its {@link DataFormatter}: numbers in the
 * General format as the formula bar shows them (15 significant digits, {@code 1000} not {@code 1000.0},
 * {@code 4915112345678} not {@code 4.91511E+12}); numbers with a number format as the cell shows them
 * ({@code #,##0} gives {@code 1,000}, {@code 00000} gives {@code 01234}), in the en-US conventions, by POI; dates
 * as ISO {@code YYYY-MM-DD} whatever their format (with {@code THH:mm:ss} when it shows a time, {@code HH:mm:ss}
 * for a time of day), so that a date reads the same from a workbook as from a CSV file.
 */
final class CellDisplay extends DataFormatter {

    private static final DateTimeFormatter ISO_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final MathContext FORMULA_BAR = new MathContext(15, RoundingMode.HALF_UP);
    /** Day 0 of Excel's two date systems, for whole days after 1900-02-28 (1904: any day). */
    private static final LocalDate EPOCH_1900 = LocalDate.of(1899, 12, 30);
    private static final LocalDate EPOCH_1904 = LocalDate.of(1904, 1, 1);

    private enum DateKind { NOT_A_DATE, DATE, DATE_TIME, TIME, ELAPSED }

    private final boolean date1904;
    private final Map<Integer, DateKind> dateKinds = new HashMap<>();

    CellDisplay(boolean date1904) {
        super(Locale.US);
        this.date1904 = date1904;
    }

    @Override
    public String formatRawCellContents(double value, int formatId, String format) {
        return formatRawCellContents(value, formatId, format, date1904);
    }

    @Override
    public String formatRawCellContents(double value, int formatId, String format, boolean use1904) {
        if (format == null || formatId <= 0 || "General".equalsIgnoreCase(format.strip()) || "@".equals(format)) {
            return formulaBar(value);
        }
        DateKind kind = dateKinds.computeIfAbsent(formatId, id -> dateKind(id, format));
        if (kind == DateKind.DATE && value >= 61 && value < 2_958_466 && value == Math.rint(value)) {
            // The common case, a whole day after 1900-02-28 (past Excel's phantom 1900-02-29): no need for POI
            return (date1904 ? EPOCH_1904 : EPOCH_1900).plusDays((long) value).toString();
        }
        if (kind != DateKind.NOT_A_DATE && kind != DateKind.ELAPSED && DateUtil.isValidExcelDate(value)) {
            LocalDateTime at = DateUtil.getLocalDateTime(value, date1904, true);
            if (at != null) {
                return switch (kind) {
                    case DATE -> at.toLocalDate().toString();
                    case DATE_TIME -> at.format(ISO_DATE_TIME);
                    default -> at.toLocalTime().format(ISO_TIME);
                };
            }
        }
        try {
            return super.formatRawCellContents(value, formatId, format, date1904);
        } catch (RuntimeException unformattable) {
            return formulaBar(value);
        }
    }

    /** What Excel's formula bar shows for a number: at most 15 significant digits, no exponent, no trailing zeros. */
    static String formulaBar(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal shown = BigDecimal.valueOf(value).round(FORMULA_BAR).stripTrailingZeros();
        return shown.signum() == 0 ? "0" : shown.toPlainString();
    }

    private static DateKind dateKind(int formatId, String format) {
        if (!DateUtil.isADateFormat(formatId, format)) {
            return DateKind.NOT_A_DATE;
        }
        // Only the first section (positive numbers) matters for a date; drop literals, escapes and [colour]/[$-locale]
        String section = format.split(";", 2)[0];
        StringBuilder codes = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < section.length(); i++) {
            char c = section.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '\\' || c == '_' || c == '*') {
                i++;
            } else if (c == '[') {
                int close = section.indexOf(']', i);
                String bracket = close < 0 ? "" : section.substring(i + 1, close).toLowerCase(Locale.ROOT);
                if (bracket.matches("h+|m+|s+")) {
                    return DateKind.ELAPSED;
                }
                i = close < 0 ? section.length() : close;
            } else {
                codes.append(Character.toLowerCase(c));
            }
        }
        boolean date = codes.indexOf("y") >= 0 || codes.indexOf("d") >= 0;
        boolean time = codes.indexOf("h") >= 0 || codes.indexOf("s") >= 0;
        return date && time ? DateKind.DATE_TIME : time ? DateKind.TIME : DateKind.DATE;
    }
}
