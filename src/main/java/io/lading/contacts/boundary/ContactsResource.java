package io.lading.contacts.boundary;

import io.lading.contacts.control.ContactRecords;
import io.lading.records.control.RecordFilter;
import io.lading.contacts.control.ContactQueries;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@ApplicationScoped
@Path("contacts")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ContactsResource {

    @Inject
    Caller caller;

    @Inject
    ContactQueries contacts;

    public record ContactPage(List<ContactView> items, @Schema(nullable = true) String nextCursor, long total) {
    }

    /**
     * The tenant's contacts, newest first, filtered as an export is (so a user can preview one): {@code q} is
     * free text over name, email and company; {@code <column>=a,b} keeps contacts whose column is one of the
     * values, {@code <column>.not=a,b} those whose column is none of them, and {@code <column>.gte=}
     * ({@code gt}, {@code lte}, {@code lt}) bounds numbers and dates, e.g. {@code ?country=USA,Germany&employees.gte=50}.
     */
    @GET
    public ContactPage list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                            @Context UriInfo uri) {
        RecordFilter filter = RecordFilter.fromQuery(ContactRecords.KIND, uri.getQueryParameters(), Set.of("limit", "cursor"));
        var page = contacts.list(caller.tenantId(), filter, Cursor.decode(cursor), Cursor.limit(limit, 50, 1000));
        return new ContactPage(page.items().stream().map(ContactView::of).toList(), page.nextCursor(), page.total());
    }

    @GET
    @Path("{id}")
    public ContactView get(@PathParam("id") UUID id) {
        return contacts.find(caller.tenantId(), id).map(ContactView::of)
                .orElseThrow(() -> ProblemException.notFound("Contact " + id));
    }
}
