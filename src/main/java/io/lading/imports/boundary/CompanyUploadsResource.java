package io.lading.imports.boundary;

import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Path;

/** Presigned uploads for company files: the same tickets as {@code /api/contacts/uploads}. */
@ApplicationScoped
@Path("companies/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
public class CompanyUploadsResource extends UploadsResource {
}
