package io.lading.exports.control;

/**
 * Neutralises text that a spreadsheet would run as a formula (OWASP "CSV injection"): a value that begins with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe, so the cell
 * shows the text as it is. Applied to text cells of CSV and XLSX files; numbers and dates are never formulas.
 */
public final class FormulaGuard {

    private FormulaGuard() {
    }

    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return startsFormula(value.charAt(0)) ? "'" + value : value;
    }

    /** Whether a text beginning with {@code first} gets the apostrophe. */
    static boolean startsFormula(int first) {
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
