package io.lading.jobs.boundary;

import io.lading.jobs.control.ClusterNodes;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /admin/nodes}: the cluster's nodes as their heartbeats show them, for operators. */
@ApplicationScoped
@Path("admin/nodes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
public class NodesAdminResource {

    @Inject
    ClusterNodes nodes;

    /** {@code [{"node", "startedAt", "lastHeartbeatAt", "alive", "runningJobs"}]}, the latest beat first. */
    @GET
    public List<ClusterNodes.NodeStatus> nodes() {
        return nodes.list();
    }
}
