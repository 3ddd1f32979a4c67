package io.lading.imports.control;

import io.lading.contacts.control.ContactRecords;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.contacts.entity.ContactDraft;
import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.SourceRow;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactValidationTest {

    /** A file header as people write it; every column maps to a field automatically. */
    private static final Map<String, String> VALID = new LinkedHashMap<>();

    static {
        VALID.put("Email Address", "ana@example.com");
        VALID.put("First Name", "Ana");
        VALID.put("Last Name", "Lima");
        VALID.put("Phone", "+351 912 345 678");
        VALID.put("Job Title", "CTO");
        VALID.put("Company", "Acme");
        VALID.put("Country", "Portugal");
        VALID.put("City", "Lisbon");
        VALID.put("Employees", "250");
        VALID.put("Created On", "2024-03-05");
    }

    @Test
    void validRowBecomesAContactWithEveryField() {
        ContactDraft contact = assertValid(row().validate());

        assertEquals(new ContactDraft("ana@example.com", "Ana", "Lima", "+351 912 345 678", "CTO", "Acme",
                "Portugal", "Lisbon", 250, "2024-03-05"), contact);
    }

    @Test
    void emailIsTrimmedAndLowerCased() {
        ContactDraft contact = assertValid(row().with("Email Address", "  Ana.Lima@Example.COM \t").validate());

        assertEquals("ana.lima@example.com", contact.email());
    }

    @Test
    void otherValuesAreTrimmedAndEmptyOrBlankValuesBecomeNull() {
        ContactDraft contact = assertValid(row()
                .with("First Name", "  Ana  ")
                .with("Last Name", "")
                .with("Phone", "   ")
                .with("Job Title", "")
                .with("Employees", "")
                .with("Created On", " ")
                .validate());

        assertAll(
                () -> assertEquals("Ana", contact.firstName()),
                () -> assertNull(contact.lastName()),
                () -> assertNull(contact.phone()),
                () -> assertNull(contact.title()),
                () -> assertNull(contact.employees()),
                () -> assertNull(contact.createdOn()));
    }

    @Test
    void emailIsTrimmedOfNoBreakSpaces() {
        ImportRow result = row().with("Email Address", "\u00A0Ana@Example.com\u00A0").validate();

        assertEquals("ana@example.com", assertValid(result).email());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void missingEmailIsRejectedNamingTheEmailColumnOfTheFile(String email) {
        ImportRow.Rejected rejected = assertRejected(row().with("Email Address", email).validate());

        assertEquals("EMAIL_REQUIRED", rejected.code());
        assertEquals("Email Address", rejected.column());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana at example.com", "ana@example", "ana@@example.com", "@example.com", "ana@",
            "ana lima@example.com", "ana@exa mple.com", "<ana@example.com>", "ana@example.com, bo@example.com"})
    void malformedEmailIsRejected(String email) {
        ImportRow.Rejected rejected = assertRejected(row().with("Email Address", email).validate());

        assertEquals("INVALID_EMAIL", rejected.code());
        assertEquals("Email Address", rejected.column());
    }

    /** The address pattern imports checked emails with before the check became a loop: the loop's reference. */
    private static final Pattern ADDRESS = Pattern.compile(
            "^[^@\\s\"(),:;<>\\[\\\\\\]]+@[^@\\s\"(),:;<>\\[\\\\\\]]+\\.[^@\\s\"(),:;<>\\[\\\\\\]]+$");

    @Test
    void theEmailCheckAcceptsExactlyWhatTheAddressPatternAccepts() {
        // mostly what addresses are made of, '@' and '.' often, and now and then a character none may hold
        char[] usual = "abcé_-+.@".toCharArray();
        char[] special = " \t\n\u000B\f\r\"(),:;<>[\\]".toCharArray();
        Random random = new Random(20261207);
        int accepted = 0;
        for (int n = 0; n < 300_000; n++) {
            char[] text = new char[random.nextInt(12)];
            for (int i = 0; i < text.length; i++) {
                text[i] = random.nextInt(12) == 0 ? special[random.nextInt(special.length)]
                        : usual[random.nextInt(usual.length)];
            }
            String email = new String(text);
            boolean expected = ADDRESS.matcher(email).matches();
            assertEquals(expected, RowValidation.isEmail(email), () -> "'" + email + "'");
            accepted += expected ? 1 : 0;
        }
        assertTrue(accepted > 1_000, "the corpus has addresses too: " + accepted);
    }

    @Test
    void emailLongerThan254CharactersIsRejected() {
        String email = "a".repeat(64) + "@" + "b".repeat(186) + ".com"; // 255 characters

        ImportRow.Rejected rejected = assertRejected(row().with("Email Address", email).validate());

        assertEquals("INVALID_EMAIL", rejected.code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1,000      | 1000",
            "1,234,567  | 1234567",
            "42         | 42",
            "+7         | 7",
            "007        | 7",
            "000        | 0",
            "123456789  | 123456789",
            "2147483647 | 2147483647",
            "0          | 0"})
    void employeesAcceptsWholeNumbersWithThousandsSeparators(String raw, int expected) {
        ContactDraft contact = assertValid(row().with("Employees", raw).validate());

        assertEquals(expected, contact.employees());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "12.5", "-3", "1,00", "10 000", "99999999999", "2147483648", "12a"})
    void employeesThatIsNotAWholeNumberIsRejected(String raw) {
        ImportRow.Rejected rejected = assertRejected(row().with("Employees", raw).validate());

        assertEquals("INVALID_NUMBER", rejected.code());
        assertEquals("Employees", rejected.column());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-03-05            | 2024-03-05",
            "2024/03/05            | 2024-03-05",
            "2024-03-05T10:15:30Z  | 2024-03-05",
            "2024-02-29            | 2024-02-29"})
    void createdOnAcceptsIsoAndSlashedDates(String raw, String expected) {
        ContactDraft contact = assertValid(row().with("Created On", raw).validate());

        assertEquals(expected, contact.createdOn());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2023-02-29", "2024-13-01", "yesterday", "05/03/2024", "2024-3-5"})
    void createdOnThatIsNotADateIsRejected(String raw) {
        ImportRow.Rejected rejected = assertRejected(row().with("Created On", raw).validate());

        assertEquals("INVALID_DATE", rejected.code());
        assertEquals("Created On", rejected.column());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024/02/30", "2023/02/29", "2024/04/31"})
    void slashedDateThatDoesNotExistIsRejected(String raw) {
        ImportRow.Rejected rejected = assertRejected(row().with("Created On", raw).validate());

        assertEquals("INVALID_DATE", rejected.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 11})
    void rowWithAnotherColumnCountThanTheHeaderIsRejected(int columns) {
        String[] values = Arrays.copyOf(row().values(), columns);
        Arrays.fill(values, "x");
        values[0] = "ana@example.com";

        ImportRow result = RowValidation.validate(new SourceRow(7, values, 0), mapping());

        ImportRow.Rejected rejected = assertRejected(result);
        assertEquals("COLUMN_COUNT_MISMATCH", rejected.code());
        assertNull(rejected.column());
        assertTrue(rejected.message().contains(columns + " columns"), rejected.message());
    }

    @Test
    void cellLongerThan1000CharactersIsRejectedNamingItsColumn() {
        ImportRow.Rejected rejected = assertRejected(row().with("Company", "x".repeat(1001)).validate());

        assertEquals("FIELD_TOO_LONG", rejected.code());
        assertEquals("Company", rejected.column());
    }

    @Test
    void cellOfExactly1000CharactersIsAccepted() {
        ContactDraft contact = assertValid(row().with("Company", "x".repeat(1000)).validate());

        assertEquals(1000, contact.company().length());
    }

    @Test
    void rejectionKeepsTheSourceRowForTheErrorReport() {
        SourceRow source = new SourceRow(42, row().with("Employees", "lots").values(), 123);

        ImportRow result = RowValidation.validate(source, mapping());

        assertSame(source, result.source());
    }

    @Test
    void validRowKeepsItsSourceRow() {
        SourceRow source = new SourceRow(3, row().values(), 10);

        assertSame(source, RowValidation.validate(source, mapping()).source());
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static ColumnMapping mapping() {
        return ColumnMapping.resolve(ContactRecords.KIND, VALID.keySet().toArray(String[]::new), null);
    }

    private static RowBuilder row() {
        return new RowBuilder();
    }

    private static ContactDraft assertValid(ImportRow row) {
        ImportRow.Valid valid = assertInstanceOf(ImportRow.Valid.class, row, () -> "expected a valid row, got " + row);
        return ((ContactDraft) valid.record());
    }

    private static ImportRow.Rejected assertRejected(ImportRow row) {
        return assertInstanceOf(ImportRow.Rejected.class, row, () -> "expected a rejected row, got " + row);
    }

    /** A valid row of the {@link #VALID} header, with some cells changed. */
    private static final class RowBuilder {
        private final Map<String, String> cells = new LinkedHashMap<>(VALID);

        RowBuilder with(String column, String value) {
            if (!cells.containsKey(column)) {
                throw new IllegalArgumentException("No column " + column);
            }
            cells.put(column, value);
            return this;
        }

        String[] values() {
            return cells.values().toArray(String[]::new);
        }

        ImportRow validate() {
            return RowValidation.validate(new SourceRow(2, values(), 0), mapping());
        }
    }
}
