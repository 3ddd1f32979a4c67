package io.lading.exports.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Contact exports: {@code /api/contacts/export} (see {@link RecordExportsResource}; class annotations are not inherited). */
@ApplicationScoped
@Path("contacts/export")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ExportsResource extends RecordExportsResource {

    @Override
    protected String plural() {
        return "contacts";
    }
}
