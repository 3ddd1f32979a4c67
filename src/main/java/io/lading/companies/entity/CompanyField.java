package io.lading.companies.entity;

import io.lading.records.entity.FieldType;
import io.lading.records.entity.RecordField;
import java.util.Set;

/**
 * The fields of a company that files carry, with the header names CRM exports use for them (HubSpot,
 * Salesforce). Header names match ignoring case, spaces, '_' and '-'.
 */
public enum CompanyField implements RecordField {
    NAME("name", "name", Set.of("companyname", "company", "organization", "organisation", "account",
            "accountname", "businessname"), FieldType.TEXT, true),
    DOMAIN("domain", "domain", Set.of("website", "companydomainname", "companydomain", "domainname", "url",
            "websiteurl", "web", "companywebsite", "homepage"), FieldType.DOMAIN, true),
    INDUSTRY("industry", "industry", Set.of("sector", "vertical", "industrytype"), FieldType.TEXT, false),
    EMPLOYEES("employees", "employees", Set.of("numberofemployees", "employeecount", "companysize", "headcount",
            "employeesnumber"), FieldType.INTEGER, false),
    COUNTRY("country", "country", Set.of("countryname", "countryregion", "country/region", "billingcountry"),
            FieldType.TEXT, false),
    CITY("city", "city", Set.of("town", "billingcity"), FieldType.TEXT, false),
    PHONE("phone", "phone", Set.of("phonenumber", "telephone", "companyphone", "tel"), FieldType.TEXT, false),
    CREATED_ON("createdOn", "created_on", Set.of("createddate", "created", "createdat", "datecreated",
            "createdate"), FieldType.DATE, false);

    private final Spec spec;

    CompanyField(String apiName, String column, Set<String> aliases, FieldType type, boolean required) {
        this.spec = new Spec(apiName, column, aliases, type, required);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
