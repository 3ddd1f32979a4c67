package io.lading.records.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
