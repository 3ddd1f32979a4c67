package io.lading.contacts.entity;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fields of a contact that files carry, with their API name, their column, and the header names a
 * file may use for them. Header names match ignoring case, spaces, '_' and '-'.
 */
public enum ContactField {
    EMAIL("email", "email", Set.of("emailaddress", "mail", "e-mail")),
    FIRST_NAME("firstName", "first_name", Set.of("givenname", "forename", "first")),
    LAST_NAME("lastName", "last_name", Set.of("surname", "familyname", "last")),
    PHONE("phone", "phone", Set.of("phonenumber", "telephone", "mobile", "tel")),
    TITLE("title", "title", Set.of("jobtitle", "position", "role")),
    COMPANY("company", "company", Set.of("companyname", "organization", "organisation", "account")),
    COUNTRY("country", "country", Set.of("countryname")),
    CITY("city", "city", Set.of("town")),
    EMPLOYEES("employees", "employees", Set.of("employeecount", "numberofemployees", "companysize", "headcount")),
    CREATED_ON("createdOn", "created_on", Set.of("createddate", "created", "createdat", "datecreated"));

    private static final Map<String, ContactField> BY_HEADER = Stream.of(values())
            .flatMap(f -> Stream.concat(Stream.of(normalize(f.apiName), normalize(f.column)),
                    f.aliases.stream().map(ContactField::normalize)).distinct().map(h -> Map.entry(h, f)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));

    private static final Map<String, ContactField> BY_API_NAME = Stream.of(values())
            .flatMap(f -> Stream.of(normalize(f.apiName), normalize(f.column)).distinct().map(n -> Map.entry(n, f)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final String apiName;
    private final String column;
    private final Set<String> aliases;

    ContactField(String apiName, String column, Set<String> aliases) {
        this.apiName = apiName;
        this.column = column;
        this.aliases = aliases;
    }

    public String apiName() {
        return apiName;
    }

    /** The database column; only ever taken from this enum, never from input. */
    public String column() {
        return column;
    }

    /** The field a file's header names, if any. */
    public static Optional<ContactField> forHeader(String header) {
        return Optional.ofNullable(BY_HEADER.get(normalize(header)));
    }

    /** The field an API caller names ("firstName", "first_name", ...). */
    public static Optional<ContactField> forApiName(String name) {
        return Optional.ofNullable(BY_API_NAME.get(normalize(name)));
    }

    public static String normalize(String header) {
        if (header == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c != ' ' && c != '_' && c != '-' && c != '\uFEFF' && !Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
