package io.lading.webhooks.control;

import io.lading.platform.ProblemException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which webhook URLs the server may call (server-side request forgery): http(s) only, and only hosts whose every
 * address is public. Loopback, private (RFC 1918, 100.64/10 shared, fc00::/7 unique local) and link-local
 * (169.254/16, fe80::/10) addresses are allowed only when the server allows private addresses (a development
 * machine). Cloud metadata (169.254.169.254, fd00:ec2::254), unspecified, multicast and broadcast addresses are
 * refused always: no legitimate receiver lives there. Checked at registration and again before every attempt, as
 * a name may resolve elsewhere by then.
 */
public final class AddressPolicy {

    /** Host name to addresses: the system resolver, or a fixed answer in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public enum Kind { PUBLIC, PRIVATE, FORBIDDEN }

    public static final String CODE = "WEBHOOK_URL_NOT_ALLOWED";
    private static final int MAX_URL_LENGTH = 2000;

    private final boolean allowPrivate;
    private final Resolver resolver;

    public AddressPolicy(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public static AddressPolicy system(boolean allowPrivate) {
        return new AddressPolicy(allowPrivate, InetAddress::getAllByName);
    }

    /** The URL as the server will call it, or {@code 400 WEBHOOK_URL_NOT_ALLOWED} (400 INVALID_OPTION if malformed). */
    public URI check(String url) {
        URI uri = parse(url);
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refused("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Kind kind = classify(address);
            if (kind == Kind.FORBIDDEN || kind == Kind.PRIVATE && !allowPrivate) {
                throw refused("the host " + host + " resolves to " + address.getHostAddress() + ", a "
                        + (kind == Kind.FORBIDDEN ? "metadata, unspecified or multicast" : "loopback, private or link-local")
                        + " address");
            }
        }
        return uri;
    }

    private static URI parse(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw ProblemException.invalidField("url", "INVALID_OPTION",
                    "url must be an absolute http(s) URL of at most " + MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
                throw refused("only http and https URLs are allowed, not " + scheme);
            }
            if (scheme == null || uri.getHost() == null) {
                throw ProblemException.invalidField("url", "INVALID_OPTION", "url must be an absolute http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ProblemException.invalidField("url", "INVALID_OPTION", "url is not a URL: " + e.getReason());
        }
    }

    private static ProblemException refused(String detail) {
        return ProblemException.invalidField("url", CODE, "Webhook URL not allowed: " + detail);
    }

    /** What kind of address this is, for the policy. */
    public static Kind classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address v6) {
            byte[] embedded = embeddedIpv4(v6, b);
            if (embedded != null) {
                return classifyIpv4(embedded);
            }
            if (Arrays.equals(b, FD00_EC2_METADATA) || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                return Kind.FORBIDDEN;
            }
            if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                    || (b[0] & 0xFE) == 0xFC) {
                return Kind.PRIVATE;
            }
            return Kind.PUBLIC;
        }
        return classifyIpv4(b);
    }

    private static Kind classifyIpv4(byte[] b) {
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        boolean metadata = first == 169 && second == 254 && (b[2] & 0xFF) == 169 && (b[3] & 0xFF) == 254;
        boolean broadcast = first == 255 && second == 255 && (b[2] & 0xFF) == 255 && (b[3] & 0xFF) == 255;
        if (metadata || broadcast || first == 0 || first >= 224) {
            return Kind.FORBIDDEN; // 0/8 "this network", 224/4 multicast, 240/4 reserved
        }
        if (first == 127 || first == 10 || first == 172 && (second & 0xF0) == 16 || first == 192 && second == 168
                || first == 169 && second == 254 || first == 100 && (second & 0xC0) == 64) {
            return Kind.PRIVATE;
        }
        return Kind.PUBLIC;
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
    private static byte[] embeddedIpv4(Inet6Address v6, byte[] b) {
        boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B
                && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        if (nat64 || v6.isIPv4CompatibleAddress() && !v6.isLoopbackAddress() && !v6.isAnyLocalAddress()) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return null;
    }

    private static final byte[] FD00_EC2_METADATA = address("fd00:ec2::254");

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

}
