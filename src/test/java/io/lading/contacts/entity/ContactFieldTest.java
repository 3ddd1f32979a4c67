package io.lading.contacts.entity;

import static io.lading.contacts.control.ContactRecords.KIND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.records.entity.RecordField;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContactFieldTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "email              | EMAIL",
            "Email Address      | EMAIL",
            "E-Mail             | EMAIL",
            "mail               | EMAIL",
            "First Name         | FIRST_NAME",
            "first_name         | FIRST_NAME",
            "Given Name         | FIRST_NAME",
            "Forename           | FIRST_NAME",
            "first              | FIRST_NAME",
            "Last Name          | LAST_NAME",
            "Surname            | LAST_NAME",
            "Family Name        | LAST_NAME",
            "last               | LAST_NAME",
            "Phone Number       | PHONE",
            "Telephone          | PHONE",
            "Mobile             | PHONE",
            "tel                | PHONE",
            "Job Title          | TITLE",
            "Position           | TITLE",
            "Role               | TITLE",
            "Company Name       | COMPANY",
            "Organization       | COMPANY",
            "Organisation       | COMPANY",
            "Account            | COMPANY",
            "Country Name       | COUNTRY",
            "Town               | CITY",
            "Employee Count     | EMPLOYEES",
            "Number of Employees| EMPLOYEES",
            "Company Size       | EMPLOYEES",
            "Headcount          | EMPLOYEES",
            "Created On         | CREATED_ON",
            "created_at         | CREATED_ON",
            "Date Created       | CREATED_ON",
            "Created Date       | CREATED_ON",
            "Created            | CREATED_ON"})
    void forHeaderKnowsTheNamesFilesUse(String header, ContactField field) {
        assertEquals(Optional.of(field), KIND.forHeader(header));
    }

    @ParameterizedTest
    @EnumSource(ContactField.class)
    void forHeaderKnowsEachFieldByItsApiAndColumnNameInAnyCase(ContactField field) {
        assertEquals(Optional.of(field), KIND.forHeader(field.apiName()));
        assertEquals(Optional.of(field), KIND.forHeader(field.column()));
        String shouted = field.column().toUpperCase(Locale.ROOT).replace('_', ' ');
        assertEquals(Optional.of(field), KIND.forHeader(shouted));
        assertEquals(Optional.of(field), KIND.forHeader("\uFEFF" + field.apiName()),
                "a byte order mark left in front of the first header does not hide it");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Salary", "Notes", "emails", "first name 2", "   "})
    void forHeaderOfAnUnknownNameIsEmpty(String header) {
        assertEquals(Optional.empty(), KIND.forHeader(header));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "email      | EMAIL",
            "firstName  | FIRST_NAME",
            "first_name | FIRST_NAME",
            "FirstName  | FIRST_NAME",
            "lastName   | LAST_NAME",
            "createdOn  | CREATED_ON",
            "created_on | CREATED_ON",
            "employees  | EMPLOYEES",
            "title      | TITLE"})
    void forApiNameKnowsApiAndColumnNames(String name, ContactField field) {
        assertEquals(Optional.of(field), KIND.forApiName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"surname", "emailAddress", "jobTitle", "town", "favouriteColour", ""})
    void forApiNameDoesNotAcceptHeaderAliases(String name) {
        assertEquals(Optional.empty(), KIND.forApiName(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'First Name'          | firstname",
            "'  first_name  '      | firstname",
            "'E-MAIL'              | email",
            "'Created\tOn'         | createdon",
            "'\uFEFFEmail'         | email",
            "'Job - Title_ X'      | jobtitlex"})
    void normalizeDropsCaseSpacesUnderscoresDashesAndByteOrderMarks(String header, String expected) {
        assertEquals(expected, RecordField.normalize(header));
    }

    @Test
    void normalizeOfNullIsEmpty() {
        assertEquals("", RecordField.normalize(null));
    }

    @Test
    void apiNamesAndColumnsAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> columns = new HashSet<>();
        for (ContactField field : ContactField.values()) {
            assertTrue(names.add(RecordField.normalize(field.apiName())), field.apiName());
            assertTrue(columns.add(field.column()), field.column());
            assertTrue(field.column().matches("[a-z_]+"), "a plain SQL column name: " + field.column());
        }
    }
}
