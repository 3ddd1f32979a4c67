package io.lading.webhooks.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.platform.ProblemException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    /** Names resolve as in this table (no DNS); IP literals resolve to themselves. */
    private static final AddressPolicy.Resolver DNS = host -> {
        Map<String, String[]> names = Map.of(
                "hooks.example.com", new String[] {"93.184.216.34"},
                "internal.example.com", new String[] {"93.184.216.34", "10.0.0.7"},
                "metadata.example.com", new String[] {"169.254.169.254"});
        if (names.containsKey(host)) {
            InetAddress[] addresses = new InetAddress[names.get(host).length];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = InetAddress.getByName(names.get(host)[i]);
            }
            return addresses;
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    };

    private final AddressPolicy strict = new AddressPolicy(false, DNS);
    private final AddressPolicy allowingPrivate = new AddressPolicy(true, DNS);

    @Test
    void aPublicHttpsOrHttpUrlIsAllowed() {
        assertEquals("https://hooks.example.com/lading?x=1", strict.check("https://hooks.example.com/lading?x=1").toString());
        assertEquals("http://93.184.216.34:8080/", strict.check("http://93.184.216.34:8080/").toString());
        assertEquals("https://[2606:2800:220:1::1]/h", strict.check("https://[2606:2800:220:1::1]/h").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://127.1.2.3:9000/", "http://[::1]/", "http://10.1.2.3/",
            "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.10.10/",
            "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://100.64.0.1/",
            "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a00:1]/", "http://internal.example.com/"})
    void loopbackPrivateAndLinkLocalAddressesAreRefusedUnlessAllowed(String url) {
        ProblemException refused = assertThrows(ProblemException.class, () -> strict.check(url));
        assertEquals(400, refused.status());
        assertEquals("WEBHOOK_URL_NOT_ALLOWED", refused.code());
        assertEquals("url", refused.field());
        assertEquals(url, allowingPrivate.check(url).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
            "http://metadata.example.com/", "http://0.0.0.0:8080/", "http://[::]/", "http://224.0.0.1/",
            "http://255.255.255.255/", "ftp://hooks.example.com/", "file:///etc/passwd", "gopher://hooks.example.com/",
            "http://[::ffff:169.254.169.254]/", "javascript:alert(1)", "mailto:ops@example.com"})
    void metadataUnspecifiedMulticastAndOtherSchemesAreRefusedEvenWhenPrivateIsAllowed(String url) {
        ProblemException refused = assertThrows(ProblemException.class, () -> allowingPrivate.check(url));
        assertEquals("WEBHOOK_URL_NOT_ALLOWED", refused.code());
        assertEquals(400, refused.status());
    }

    @Test
    void nonHttpSchemesAndUnresolvableHostsSayWhy() {
        ProblemException scheme = assertThrows(ProblemException.class, () -> allowingPrivate.check("ftp://hooks.example.com/"));
        assertEquals("WEBHOOK_URL_NOT_ALLOWED", scheme.code());
        assertTrue(scheme.getMessage().contains("ftp"), scheme.getMessage());
        ProblemException unknown = assertThrows(ProblemException.class, () -> strict.check("https://nowhere.invalid/"));
        assertEquals("WEBHOOK_URL_NOT_ALLOWED", unknown.code());
        assertTrue(unknown.getMessage().contains("does not resolve"), unknown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not a url", "/relative/path", "https://"})
    void aMalformedUrlIsAnInvalidOption(String url) {
        ProblemException refused = assertThrows(ProblemException.class, () -> strict.check(url));
        assertEquals("INVALID_OPTION", refused.code());
        assertEquals("url", refused.field());
    }

    @Test
    void classifiesAddressesByKind() throws UnknownHostException {
        assertEquals(AddressPolicy.Kind.PUBLIC, AddressPolicy.classify(InetAddress.getByName("8.8.8.8")));
        assertEquals(AddressPolicy.Kind.PUBLIC, AddressPolicy.classify(InetAddress.getByName("172.32.0.1")));
        assertEquals(AddressPolicy.Kind.PUBLIC, AddressPolicy.classify(InetAddress.getByName("100.128.0.1")));
        assertEquals(AddressPolicy.Kind.PRIVATE, AddressPolicy.classify(InetAddress.getByName("127.0.0.1")));
        assertEquals(AddressPolicy.Kind.FORBIDDEN, AddressPolicy.classify(InetAddress.getByName("169.254.169.254")));
        assertEquals(AddressPolicy.Kind.FORBIDDEN, AddressPolicy.classify(InetAddress.getByName("fd00:ec2::254")));
    }
}
