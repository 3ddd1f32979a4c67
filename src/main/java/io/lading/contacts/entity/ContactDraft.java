package io.lading.contacts.entity;

/** A validated row, ready to write: email trimmed and lower-cased, empty values null. */
public record ContactDraft(String email, String firstName, String lastName, String phone, String title,
                           String company, String country, String city, Integer employees, String createdOn) {

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
