package io.lading.records.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldTypeTest {

    @ParameterizedTest
    @CsvSource({
            "acme.com, acme.com",
            "ACME.com, acme.com",
            "https://www.ACME.com/about, acme.com",
            "http://acme.com:8080, acme.com",
            "www.acme.com, acme.com",
            "'  https://acme.com/?q=1#top  ', acme.com",
            "acme.com., acme.com",
            "shop.acme.co.uk, shop.acme.co.uk",
            "ftp://user@files.acme.com/x, files.acme.com",
            "münchen.de, münchen.de",
            "xn--mnchen-3ya.de, xn--mnchen-3ya.de"})
    void aDomainIsStoredWithoutCaseSchemeWwwPortOrPath(String written, String stored) {
        assertEquals(stored, FieldType.domain(written));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a domain", "localhost", "acme", "-acme.com", "acme-.com", "https://", "www.", ".com",
            "acme..com", "a_b.com"})
    void aValueNamingNoWebDomainHasNone(String written) {
        assertNull(FieldType.domain(written));
    }

    @Test
    void anIsoDateIsReadFromItsDigitsAsLocalDateParseReadsIt() {
        for (LocalDate day = LocalDate.of(1600, 1, 1); day.getYear() <= 2400; day = day.plusDays(1)) {
            assertEquals(day, FieldType.isoDate(day.toString()), day.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00"})
    void anIsoDateWhoseDigitsNameNoDayIsRefused(String text) {
        assertThrows(DateTimeException.class, () -> FieldType.isoDate(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024/03/05", "2024-3-5", "20240305", "2024-03-0x", "+2024-03-05", "2024-03-05T10:00",
            "", "２０２４-03-05"})
    void aTextNotInTheIsoDateFormIsNoIsoDate(String text) {
        assertNull(FieldType.isoDate(text));
    }
}
