package io.lading.tenancy.control;

import io.lading.platform.Problem;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on the REST resources, against the
 * roles of the key {@link ApiKeyAuthentication} found. Jakarta REST leaves these annotations unenforced on
 * resources that are not EJBs, and each server switches its own enforcement on differently (a RESTEasy
 * context-param, a Jersey feature class): this standard {@link DynamicFeature} does the same on both.
 *
 * <p>A method's annotation wins over its class's. {@code @PermitAll} admits any key (requests without one never
 * get here). A resource method that declares none of the three, on itself or its class, is closed to every key
 * rather than open to all, and the deployment log names it (resources the runtime itself brings are left to it).
 * Refusals are {@code 403 FORBIDDEN} problems; they pass through the response filters, so the audit trail records
 * refused actions.
 */
@Provider
public class RoleAuthorization implements DynamicFeature {

    private static final Logger LOG = Logger.getLogger(RoleAuthorization.class.getName());

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        Class<?> annotated = type == null ? null : resourceClass(type);
        if (method == null || annotated == null
                || annotated.getClassLoader() != RoleAuthorization.class.getClassLoader()) {
            return; // the runtime's own handlers and resources (automatic OPTIONS answers, Jersey's WADL), not ours
        }
        Check check = check(method, type);
        if (check == null) {
            LOG.warning(() -> type.getSimpleName() + "." + method.getName() + " declares no roles (@RolesAllowed, "
                    + "@PermitAll or @DenyAll): it answers 403 to every key");
            check = Check.DENY_ALL;
        }
        if (check != Check.PERMIT_ALL) {
            context.register(check, Priorities.AUTHORIZATION);
        }
    }

    /** The check a resource method declares, or null when neither it nor its class says anything. */
    static Check check(Method method, Class<?> type) {
        Check declared = declared(method);
        if (declared == null) {
            Class<?> annotated = resourceClass(type);
            declared = annotated == null ? null : declared(annotated);
        }
        return declared;
    }

    private static Check declared(AnnotatedElement element) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return Check.DENY_ALL;
        }
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        if (roles != null) {
            return new Check(Set.of(roles.value()));
        }
        return element.isAnnotationPresent(PermitAll.class) ? Check.PERMIT_ALL : null;
    }

    /** The class that carries {@code @Path}: the type itself, or what it extends (a container's proxy class). */
    private static Class<?> resourceClass(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.isAnnotationPresent(Path.class)) {
                return c;
            }
        }
        return null;
    }

    /** The roles one resource method admits: an empty set admits nobody, null everybody. */
    static final class Check implements ContainerRequestFilter {

        static final Check PERMIT_ALL = new Check(null);
        static final Check DENY_ALL = new Check(Set.of());

        private final Set<String> allowed;

        Check(Set<String> allowed) {
            this.allowed = allowed;
        }

        Set<String> allowed() {
            return allowed;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (allowed == null) {
                return;
            }
            SecurityContext security = request.getSecurityContext();
            if (security == null || security.getUserPrincipal() == null) {
                request.abortWith(ApiKeyAuthentication.noKey());
                return;
            }
            if (allowed.stream().noneMatch(security::isUserInRole)) {
                request.abortWith(Problem.response(403, "FORBIDDEN", "Forbidden", refusal(security), null));
            }
        }

        /** Says what key the call needs, in the words operators and users know. */
        private String refusal(SecurityContext security) {
            if (allowed.isEmpty()) {
                return "This call is open to no key";
            }
            if (allowed.equals(Set.of(Role.Names.ADMIN))) {
                return "This call needs an admin key";
            }
            if (Set.of(Role.Names.ADMIN, Role.Names.VIEWER).containsAll(allowed)) {
                return "This call needs an operator key";
            }
            if (security.isUserInRole(Role.Names.VIEWER)) {
                return "A viewer key only reads";
            }
            return "This call needs a key with the role " + String.join(" or ", new TreeSet<>(allowed));
        }
    }
}
