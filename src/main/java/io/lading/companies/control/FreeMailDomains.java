package io.lading.companies.control;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Email domains anyone can have an address at: a contact at one of them is no employee of a company with that
 * domain, so they never link (the one list of them).
 */
public final class FreeMailDomains {

    private static final Set<String> DOMAINS = Set.of(
            "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
            "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me",
            "web.de", "mail.com", "email.com", "mail.ru", "yandex.ru", "yandex.com", "zoho.com", "t-online.de",
            "freenet.de", "orange.fr", "free.fr", "laposte.net", "libero.it", "qq.com", "163.com", "126.com",
            "naver.com", "tutanota.com", "fastmail.com", "hey.com", "gmx.com", "gmx.de", "gmx.net");

    /** National variants: gmx.at, yahoo.co.uk, hotmail.fr, outlook.de, ... */
    private static final List<String> PREFIXES = List.of("gmx.", "yahoo.", "hotmail.", "outlook.", "live.");

    private FreeMailDomains() {
    }

    /** Whether {@code domain} (lower case) is a free-mail domain. */
    public static boolean contains(String domain) {
        if (domain == null) {
            return false;
        }
        String d = domain.toLowerCase(Locale.ROOT);
        if (DOMAINS.contains(d)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            // gmx.at, yahoo.co.uk: the prefix and a country's top-level domain, nothing longer.
            if (d.startsWith(prefix) && d.length() - prefix.length() <= 6) {
                return true;
            }
        }
        return false;
    }

    /** The domain part of an email, lower case ("" when there is none). */
    public static String domainOf(String email) {
        int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
