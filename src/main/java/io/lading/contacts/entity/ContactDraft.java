package io.lading.contacts.entity;

import io.lading.records.entity.RecordDraft;

/** A validated row, ready to write: email trimmed and lower-cased, empty values null. */
public record ContactDraft(String email, String firstName, String lastName, String phone, String title,
                           String company, String country, String city, Integer employees, String createdOn)
        implements RecordDraft {

    /** From texts in {@link ContactField} order, as the import engine validated them. */
    public static ContactDraft of(String[] t) {
        return new ContactDraft(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7],
                t[8] == null ? null : Integer.valueOf(t[8]), t[9]);
    }

    @Override
    public String key() {
        return email;
    }

    @Override
    public String[] texts() {
        return new String[] {email, firstName, lastName, phone, title, company, country, city,
                employees == null ? null : employees.toString(), createdOn};
    }

    @Override
    public RecordDraft over(RecordDraft earlier) {
        return over((ContactDraft) earlier);
    }

    /** This row's non-empty values over {@code earlier}'s: what a later duplicate in the same file does. */
    public ContactDraft over(ContactDraft earlier) {
        return new ContactDraft(email, pick(firstName, earlier.firstName), pick(lastName, earlier.lastName),
                pick(phone, earlier.phone), pick(title, earlier.title), pick(company, earlier.company),
                pick(country, earlier.country), pick(city, earlier.city),
                employees != null ? employees : earlier.employees, pick(createdOn, earlier.createdOn));
    }

    private static String pick(String later, String earlier) {
        return later != null ? later : earlier;
    }
}
