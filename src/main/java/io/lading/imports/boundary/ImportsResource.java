package io.lading.imports.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Contact imports: {@code /api/contacts/import} (see {@link RecordImportsResource}). */
@ApplicationScoped
@Path("contacts/import")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ImportsResource extends RecordImportsResource {

    @Override
    protected String plural() {
        return "contacts";
    }
}
