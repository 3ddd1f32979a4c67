package io.lading.imports.control;

import io.lading.contacts.control.ContactRecords;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.contacts.entity.ContactField;
import io.lading.jobs.control.JobFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnMappingTest {

    @Test
    void humanHeadersMapToTheirFieldsWithoutAnExplicitMapping() {
        String[] header = {"Email Address", "First Name", "Last Name", "Job Title", "Company", "Created On"};
        String[] values = {"ana@example.com", "Ana", "Lima", "CTO", "Acme", "2024-03-05"};

        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, null);

        assertAll(
                () -> assertEquals("ana@example.com", mapping.value(values, ContactField.EMAIL)),
                () -> assertEquals("Ana", mapping.value(values, ContactField.FIRST_NAME)),
                () -> assertEquals("Lima", mapping.value(values, ContactField.LAST_NAME)),
                () -> assertEquals("CTO", mapping.value(values, ContactField.TITLE)),
                () -> assertEquals("Acme", mapping.value(values, ContactField.COMPANY)),
                () -> assertEquals("2024-03-05", mapping.value(values, ContactField.CREATED_ON)),
                () -> assertNull(mapping.value(values, ContactField.PHONE), "no phone column"),
                () -> assertEquals(List.of(), mapping.ignoredColumns()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EMAIL_ADDRESS | EMAIL",
            "e-mail        | EMAIL",
            "' Email '     | EMAIL",
            "first_name    | FIRST_NAME",
            "FIRST-NAME    | FIRST_NAME",
            "firstname     | FIRST_NAME",
            "job_title     | TITLE",
            "CREATED ON    | CREATED_ON",
            "created-on    | CREATED_ON",
            "Phone Number  | PHONE"})
    void headerMatchingIgnoresCaseSpacesUnderscoresAndDashes(String headerName, ContactField field) {
        String[] header = field == ContactField.EMAIL ? new String[] {headerName}
                : new String[] {"email", headerName};
        String[] values = field == ContactField.EMAIL ? new String[] {"v"} : new String[] {"ana@example.com", "v"};

        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, null);

        assertEquals("v", mapping.value(values, field));
        assertEquals(headerName, mapping.columnName(field));
    }

    @Test
    void explicitMappingWinsOverAMatchingHeader() {
        String[] header = {"Email", "Work Email", "Name"};
        String[] values = {"private@example.com", "work@example.com", "Ana"};

        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, Map.of("email", "Work Email", "firstName", "Name"));

        assertEquals("work@example.com", mapping.value(values, ContactField.EMAIL));
        assertEquals("Work Email", mapping.columnName(ContactField.EMAIL));
        assertEquals("Ana", mapping.value(values, ContactField.FIRST_NAME));
        assertEquals(List.of("Email"), mapping.ignoredColumns(), "the header-matched Email column lost to the mapping");
    }

    @Test
    void explicitMappingAcceptsColumnNameInAnotherSpellingAndFieldByItsColumnName() {
        String[] header = {"E-Mail", "Given Name"};

        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, Map.of("first_name", "given_name"));

        assertEquals("Given Name", mapping.columnName(ContactField.FIRST_NAME));
        assertEquals("E-Mail", mapping.columnName(ContactField.EMAIL));
    }

    @Test
    void unknownFieldInTheMappingFailsTheJobPermanently() {
        JobFailure failure = assertThrows(JobFailure.class,
                () -> ColumnMapping.resolve(ContactRecords.KIND, new String[] {"email", "colour"}, Map.of("favouriteColour", "colour")));

        assertEquals("UNKNOWN_FIELD", failure.code());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("favouriteColour"), failure.getMessage());
    }

    @Test
    void mappedColumnMissingFromTheHeaderFailsNamingTheColumn() {
        JobFailure failure = assertThrows(JobFailure.class,
                () -> ColumnMapping.resolve(ContactRecords.KIND, new String[] {"email", "name"}, Map.of("company", "Employer")));

        assertEquals("MAPPING_COLUMN_MISSING", failure.code());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("'Employer'"), failure.getMessage());
    }

    @Test
    void fileWithoutAnEmailColumnFails() {
        JobFailure failure = assertThrows(JobFailure.class,
                () -> ColumnMapping.resolve(ContactRecords.KIND, new String[] {"First Name", "Last Name", "Contact"}, null));

        assertEquals("MISSING_EMAIL_COLUMN", failure.code());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("Contact"), "the message shows the header: " + failure.getMessage());
    }

    @Test
    void explicitMappingCanSupplyTheEmailColumn() {
        String[] header = {"Contact", "Name"};

        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, Map.of("email", "Contact"));

        assertEquals("ana@example.com", mapping.value(new String[] {"ana@example.com", "Ana"}, ContactField.EMAIL));
        assertEquals(List.of("Name"), mapping.ignoredColumns());
    }

    @Test
    void extraColumnsAreListedAsIgnoredInFileOrder() {
        String[] header = {"Notes", "email", "Lead Score", "city", "Owner"};

        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, null);

        assertEquals(List.of("Notes", "Lead Score", "Owner"), mapping.ignoredColumns());
        assertEquals(5, mapping.width());
    }

    @Test
    void secondColumnForTheSameFieldIsIgnoredAndTheFirstOneIsUsed() {
        String[] header = {"email", "E-mail"};

        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, null);

        assertEquals("first@example.com",
                mapping.value(new String[] {"first@example.com", "second@example.com"}, ContactField.EMAIL));
        assertEquals(List.of("E-mail"), mapping.ignoredColumns());
    }

    @Test
    void fieldWithoutAColumnIsReportedUnderItsApiName() {
        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, new String[] {"email"}, null);

        assertEquals("createdOn", mapping.columnName(ContactField.CREATED_ON));
    }

    @Test
    void headerIsACopy() {
        String[] header = {"email", "name"};
        ColumnMapping mapping = ColumnMapping.resolve(ContactRecords.KIND, header, null);

        mapping.header()[0] = "changed";

        assertEquals("email", mapping.header()[0]);
    }
}
