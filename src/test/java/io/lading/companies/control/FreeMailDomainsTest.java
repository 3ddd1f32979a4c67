package io.lading.companies.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FreeMailDomainsTest {

    @ParameterizedTest
    @ValueSource(strings = {"gmail.com", "GMAIL.COM", "outlook.com", "hotmail.com", "hotmail.fr", "yahoo.com",
            "yahoo.co.uk", "icloud.com", "gmx.de", "gmx.at", "gmx.net", "web.de", "proton.me", "aol.com"})
    void freeMailDomainsAreKnown(String domain) {
        assertTrue(FreeMailDomains.contains(domain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.com", "gmail.acme.com", "mygmail.com", "gmx.example-company.com",
            "outlooksoftware.com", "yahoo.company.example.org"})
    void companyDomainsAreNot(String domain) {
        assertFalse(FreeMailDomains.contains(domain));
    }

    @Test
    void theDomainOfAnEmailIsWhatFollowsTheLastAt() {
        assertEquals("acme.com", FreeMailDomains.domainOf("ana@ACME.com"));
        assertEquals("", FreeMailDomains.domainOf("no-at-sign"));
    }
}
