package io.lading.companies.boundary;

import io.lading.companies.control.CompanyQueries;
import io.lading.platform.Cursor;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.Caller;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant's companies: list (filtered as a company export is) and one by id, with their contact counts. */
@ApplicationScoped
@Path("companies")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class CompaniesResource {

    @Inject
    Caller caller;

    @Inject
    CompanyQueries companies;

    public record CompanyPage(List<CompanyView> items, String nextCursor, long total) {
    }

    /** Newest first; {@code q} is free text over name and domain. */
    @GET
    public CompanyPage list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                            @QueryParam("q") String q, @QueryParam("industry") String industry,
                            @QueryParam("country") String country, @QueryParam("employees.gte") String employeesMin,
                            @QueryParam("employees.lte") String employeesMax) {
        var filter = CompanyQueries.Filter.of(q, industry, country, employeesMin, employeesMax);
        var page = companies.list(caller.tenantId(), filter, Cursor.decode(cursor), Cursor.limit(limit, 50, 1000));
        Map<UUID, Long> counts = page.contactCounts();
        return new CompanyPage(page.items().stream().map(c -> CompanyView.of(c, counts.getOrDefault(c.id(), 0L)))
                .toList(), page.nextCursor(), page.total());
    }

    @GET
    @Path("{id}")
    public CompanyView get(@PathParam("id") UUID id) {
        return companies.find(caller.tenantId(), id)
                .map(c -> CompanyView.of(c, companies.contactCounts(List.of(id)).get(id)))
                .orElseThrow(() -> ProblemException.notFound("Company " + id));
    }
}
