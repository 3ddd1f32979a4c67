package io.lading.imports.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lading.companies.control.CompanyRecords;
import io.lading.companies.entity.CompanyField;
import io.lading.imports.entity.ImportRow;
import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's validation driven by the company description: the same rules, other fields and key. */
class CompanyRowValidationTest {

    private static final String[] HEADER = {"Company Name", "Website", "Industry", "Number of Employees",
            "Country/Region", "City", "Phone Number", "Create Date"};

    private static ImportRow validate(String... values) {
        return RowValidation.validate(new SourceRow(2, values, 0),
                ColumnMapping.resolve(CompanyRecords.KIND, HEADER, null));
    }

    @Test
    void crmHeadersMapAndAValidRowBecomesADraftKeyedByItsNormalisedDomain() {
        ImportRow row = validate(" Acme ", "https://www.Acme.example/about", "Software", "1,200", "Germany", "Berlin",
                "+49 30 1", "2021/05/06");

        var draft = assertInstanceOf(ImportRow.Valid.class, row).record();
        assertEquals("acme.example", draft.key());
        assertArrayEquals(new String[] {"Acme", "acme.example", "Software", "1200", "Germany", "Berlin", "+49 30 1",
                "2021-05-06"}, draft.texts());
    }

    @Test
    void eachRuleHasItsCodeAndColumn() {
        assertRejected(validate("", "acme.example", "", "", "", "", "", ""), "NAME_REQUIRED", "Company Name");
        assertRejected(validate("Acme", " ", "", "", "", "", "", ""), "DOMAIN_REQUIRED", "Website");
        assertRejected(validate("Acme", "not a domain", "", "", "", "", "", ""), "INVALID_DOMAIN", "Website");
        assertRejected(validate("Acme", "acme.example", "", "many", "", "", "", ""), "INVALID_NUMBER",
                "Number of Employees");
        assertRejected(validate("Acme", "acme.example", "", "", "", "", "", "yesterday"), "INVALID_DATE",
                "Create Date");
    }

    @Test
    void aLaterRowsValuesGoOverAnEarlierOnesOfTheSameDomain() {
        var earlier = ((ImportRow.Valid) validate("Acme", "acme.example", "Software", "10", "", "", "", "")).record();
        var later = ((ImportRow.Valid) validate("Acme Corp", "www.acme.example", "", "", "USA", "", "", "")).record();

        assertArrayEquals(new String[] {"Acme Corp", "acme.example", "Software", "10", "USA", null, null, null},
                later.over(earlier).texts());
    }

    @Test
    void aFileNeedsANameAndADomainColumn() {
        JobFailure noDomain = assertThrows(JobFailure.class,
                () -> ColumnMapping.resolve(CompanyRecords.KIND, new String[] {"Company Name", "Industry"}, null));
        assertEquals("MISSING_DOMAIN_COLUMN", noDomain.code());
        JobFailure noName = assertThrows(JobFailure.class,
                () -> ColumnMapping.resolve(CompanyRecords.KIND, new String[] {"Company Domain Name"}, null));
        assertEquals("MISSING_NAME_COLUMN", noName.code());
        var mapped = ColumnMapping.resolve(CompanyRecords.KIND, new String[] {"Label", "Site"},
                Map.of("name", "Label", "domain", "Site"));
        assertEquals("Site", mapped.columnName(CompanyField.DOMAIN));
    }

    private static void assertRejected(ImportRow row, String code, String column) {
        var rejected = assertInstanceOf(ImportRow.Rejected.class, row);
        assertEquals(code, rejected.code(), rejected.message());
        assertEquals(column, rejected.column());
    }
}
