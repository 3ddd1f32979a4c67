package io.lading.companies.boundary;

import io.lading.companies.control.CompanyQueries;
import io.lading.companies.control.CompanyRecords;
import io.lading.companies.entity.Company;
import io.lading.platform.ProblemException;
import io.lading.records.control.RecordQueries;
import io.lading.tenancy.control.Caller;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tenant's companies: list (filtered as a company export is) and one by id, with their contact counts. */
@ApplicationScoped
@Path("companies")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class CompaniesResource {

    @Inject
    Caller caller;

    @Inject
    RecordQueries records;

    @Inject
    CompanyQueries companies;

    public record CompanyPage(List<CompanyView> items, @Schema(nullable = true) String nextCursor, long total) {
    }

    /**
     * Newest first, filtered as a company export is (the same engine as contacts' list): {@code q} is free text
     * over name and domain; {@code <column>=a,b}, {@code <column>.not=a,b} and {@code <column>.gte=} ({@code gt},
     * {@code lte}, {@code lt}), e.g. {@code ?industry=Software&country=Germany,USA&employees.gte=50}.
     */
    @GET
    public CompanyPage list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                            @Context UriInfo uri) {
        var page = records.list(CompanyRecords.KIND, Company.class, caller.tenantId(), uri.getQueryParameters(),
                cursor, limit);
        Map<UUID, Long> counts = companies.contactCounts(page.items().stream().map(Company::id).toList());
        var views = page.map(c -> CompanyView.of(c, counts.get(c.id())));
        return new CompanyPage(views.items(), views.nextCursor(), views.total());
    }

    @GET
    @Path("{id}")
    public CompanyView get(@PathParam("id") UUID id) {
        return records.find(Company.class, caller.tenantId(), id)
                .map(c -> CompanyView.of(c, companies.contactCounts(List.of(id)).get(id)))
                .orElseThrow(() -> ProblemException.notFound("Company " + id));
    }
}
