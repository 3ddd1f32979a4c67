package io.lading.contacts.boundary;

import io.lading.contacts.entity.Contact;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

public record ContactView(UUID id, String email, String firstName, String lastName, String phone, String title,
                          String company, String country, String city, Integer employees, LocalDate createdOn,
                          OffsetDateTime createdAt, OffsetDateTime updatedAt, UUID companyId) {

    public static ContactView of(Contact c) {
        return new ContactView(c.id(), c.email(), c.firstName(), c.lastName(), c.phone(), c.title(), c.company(),
                c.country(), c.city(), c.employees(), c.createdOn(), c.createdAt(), c.updatedAt(),
                c.companyId());
    }

    /**
     * The id alone: JSON-B (Yasson) puts every object it writes into a hash set to catch cycles, and the
     * generated hash of all components was a tenth of a list call's CPU. Equal views have equal ids, so
     * {@code equals} stays the generated one.
     */
    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
