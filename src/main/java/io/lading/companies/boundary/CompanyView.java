package io.lading.companies.boundary;

import io.lading.companies.entity.Company;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A company as the API shows it, with the number of contacts linked to it. */
public record CompanyView(UUID id, String name, String domain, @Schema(nullable = true) String industry,
                          @Schema(nullable = true) Integer employees, @Schema(nullable = true) String country,
                          @Schema(nullable = true) String city, @Schema(nullable = true) String phone,
                          @Schema(nullable = true) LocalDate createdOn, OffsetDateTime createdAt,
                          OffsetDateTime updatedAt, long contactCount) {

    public static CompanyView of(Company c, long contactCount) {
        return new CompanyView(c.id(), c.name(), c.domain(), c.industry(), c.employees(), c.country(), c.city(),
                c.phone(), c.createdOn(), c.createdAt(), c.updatedAt(), contactCount);
    }

    /** The id alone, as ContactView's: JSON-B hashes every view it writes. */
    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
