package io.lading.exports.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Company exports: {@code /api/companies/export} (see {@link RecordExportsResource}; class annotations are not inherited). */
@ApplicationScoped
@Path("companies/export")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class CompanyExportsResource extends RecordExportsResource {

    @Override
    protected String plural() {
        return "companies";
    }
}
