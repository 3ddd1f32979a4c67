package io.lading.contacts.entity;

import io.lading.records.entity.FieldType;
import io.lading.records.entity.RecordField;
import java.util.Set;

/**
 * The fields of a contact that files carry, with their API name, their column, and the header names a
 * file may use for them. Header names match ignoring case, spaces, '_' and '-'.
 */
public enum ContactField implements RecordField {
    /** A contact needs its email, nothing else. */
    EMAIL("email", "email", Set.of("emailaddress", "mail", "e-mail"), FieldType.EMAIL, true),
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

    private final Spec spec;

    ContactField(String apiName, String column, Set<String> aliases) {
        this(apiName, column, aliases, FieldType.TEXT);
    }

    ContactField(String apiName, String column, Set<String> aliases, FieldType type) {
        this(apiName, column, aliases, type, false);
    }

    ContactField(String apiName, String column, Set<String> aliases, FieldType type, boolean required) {
        this.spec = new Spec(apiName, column, aliases, type, required);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
