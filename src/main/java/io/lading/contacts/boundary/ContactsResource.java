package io.lading.contacts.boundary;

import io.lading.contacts.control.ContactQueries;
import io.lading.platform.Cursor;
import io.lading.platform.ProblemException;
import io.lading.tenancy.control.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Path("contacts")
@Produces(MediaType.APPLICATION_JSON)
public class ContactsResource {

    @Inject
    Caller caller;

    @Inject
    ContactQueries contacts;

    public record ContactPage(List<ContactView> items, String nextCursor, long total) {
    }

    /** The tenant's contacts, newest first; {@code country} may list several, comma-separated. */
    @GET
    public ContactPage list(@QueryParam("q") String text, @QueryParam("country") String country,
                            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        List<String> countries = country == null || country.isBlank() ? List.of()
                : Arrays.stream(country.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        var page = contacts.list(caller.tenantId(), new ContactQueries.ContactFilter(text, countries),
                Cursor.decode(cursor), Cursor.limit(limit, 50, 1000));
        return new ContactPage(page.items().stream().map(ContactView::of).toList(), page.nextCursor(), page.total());
    }

    @GET
    @Path("{id}")
    public ContactView get(@PathParam("id") UUID id) {
        return contacts.find(caller.tenantId(), id).map(ContactView::of)
                .orElseThrow(() -> ProblemException.notFound("Contact " + id));
    }
}
