package io.lading.contacts.boundary;

import io.lading.contacts.control.ContactRecords;
import io.lading.contacts.entity.Contact;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
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
    RecordQueries records;

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
        var page = records.list(ContactRecords.KIND, Contact.class, caller.tenantId(), uri.getQueryParameters(),
                cursor, limit).map(ContactView::of);
        return new ContactPage(page.items(), page.nextCursor(), page.total());
    }

    @GET
    @Path("{id}")
    public ContactView get(@PathParam("id") UUID id) {
        return records.find(Contact.class, caller.tenantId(), id).map(ContactView::of)
                .orElseThrow(() -> ProblemException.notFound("Contact " + id));
    }
}
