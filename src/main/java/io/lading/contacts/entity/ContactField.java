package io.lading.contacts.entity;

import io.lading.records.entity.FieldType;
import io.lading.records.entity.RecordField;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fields of a contact that files carry, with their API name, their column, and the header names a
 * file may use for them. Header names match ignoring case, spaces, '_' and '-'.
 */
public enum ContactField implements RecordField {
    EMAIL("email", "email", Set.of("emailaddress", "mail", "e-mail"), FieldType.EMAIL),
    FIRST_NAME("firstName", "first_name", Set.of("givenname", "forename", "first")),
    LAST_NAME("lastName", "last_name", Set.of("surname", "familyname", "last")),
    PHONE("phone", "phone", Set.of("phonenumber", "telephone", "mobile", "tel")),
    TITLE("title", "title", Set.of("jobtitle", "position", "role")),
    COMPANY("company", "company", Set.of("companyname", "organization", "organisation", "account")),
    COUNTRY("country", "country", Set.of("countryname")),
    CITY("city", "city", Set.of("town")),
    EMPLOYEES("employees", "employees", Set.of("employeecount", "numberofemployees", "companysize", "headcount"),
            FieldType.INTEGER),
    CREATED_ON("createdOn", "created_on", Set.of("createddate", "created", "createdat", "datecreated"), FieldType.DATE);

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
    private final FieldType type;

    ContactField(String apiName, String column, Set<String> aliases) {
        this(apiName, column, aliases, FieldType.TEXT);
    }

    ContactField(String apiName, String column, Set<String> aliases, FieldType type) {
        this.apiName = apiName;
        this.column = column;
        this.aliases = aliases;
        this.type = type;
    }

    @Override
    public Set<String> aliases() {
        return aliases;
    }

    @Override
    public FieldType type() {
        return type;
    }

    /** A contact needs its email, nothing else. */
    @Override
    public boolean required() {
        return this == EMAIL;
    }

    @Override
    public String apiName() {
        return apiName;
    }

    /** The database column; only ever taken from this enum, never from input. */
    @Override
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
        return RecordField.normalize(header);
    }
}
