package io.lading.imports.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Company imports (class annotations are not inherited, so each resource repeats them): {@code /api/companies/import} (see {@link RecordImportsResource}). */
@ApplicationScoped
@Path("companies/import")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class CompanyImportsResource extends RecordImportsResource {

    @Override
    protected String plural() {
        return "companies";
    }
}
