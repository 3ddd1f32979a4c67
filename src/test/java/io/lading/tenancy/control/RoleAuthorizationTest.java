package io.lading.tenancy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lading.tenancy.control.ApiKeyLookup.ActiveKey;
import io.lading.tenancy.entity.Role;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The role check as each resource method gets it: {@link RoleAuthorization} configures fake resources, and the
 * filter it registers is run against requests of a user, a viewer and an admin key.
 */
class RoleAuthorizationTest {

    @Path("tenants")
    @RolesAllowed(Role.Names.ADMIN)
    public static class AdminResource {
        @POST
        public void create() {
        }

        @GET
        @RolesAllowed({Role.Names.ADMIN, Role.Names.VIEWER})
        public void read() {
        }
    }

    @Path("jobs")
    @PermitAll
    public static class JobResource {
        @GET
        public void list() {
        }

        @POST
        @RolesAllowed({Role.Names.USER, Role.Names.ADMIN})
        public void cancel() {
        }

        @POST
        @DenyAll
        public void closed() {
        }
    }

    @Path("forgotten")
    public static class UndeclaredResource {
        @GET
        public void read() {
        }
    }

    /** What a container's client proxy looks like: a subclass that carries none of the annotations. */
    public static class ProxyOfAdminResource extends AdminResource {
        @Override
        public void create() {
        }
    }

    /** Not a resource: the runtime's own handlers (such as an automatic OPTIONS answer) look like this. */
    public static class RuntimeHandler {
        public void apply() {
        }
    }

    @Test
    void aClassWideRoleAppliesToItsMethods() throws Exception {
        ContainerRequestFilter check = checkOf(AdminResource.class, "create");

        assertPasses(check, Role.ADMIN);
        assertForbidden(check, Role.VIEWER, "This call needs an admin key");
        assertForbidden(check, Role.USER, "This call needs an admin key");
    }

    @Test
    void aMethodsRolesWinOverItsClasss() throws Exception {
        ContainerRequestFilter check = checkOf(AdminResource.class, "read");

        assertPasses(check, Role.ADMIN);
        assertPasses(check, Role.VIEWER);
        assertForbidden(check, Role.USER, "This call needs an operator key");
    }

    @Test
    void aViewerIsToldItOnlyReadsWhereUsersAndAdminsAct() throws Exception {
        ContainerRequestFilter check = checkOf(JobResource.class, "cancel");

        assertPasses(check, Role.USER);
        assertPasses(check, Role.ADMIN);
        assertForbidden(check, Role.VIEWER, "A viewer key only reads");
    }

    @Test
    void permitAllRegistersNoCheck() throws Exception {
        assertTrue(registered(JobResource.class, "list").isEmpty());
    }

    @Test
    void denyAllOnAMethodClosesItInAnOpenClass() throws Exception {
        ContainerRequestFilter check = checkOf(JobResource.class, "closed");

        for (Role role : Role.values()) {
            assertForbidden(check, role, "This call is open to no key");
        }
    }

    @Test
    void aResourceMethodThatDeclaresNoRolesIsClosedRatherThanOpenAndLogged() throws Exception {
        Logger log = Logger.getLogger(RoleAuthorization.class.getName());
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        ContainerRequestFilter check;
        try {
            check = checkOf(UndeclaredResource.class, "read");
        } finally {
            log.removeHandler(capture);
            log.setUseParentHandlers(true);
        }

        for (Role role : Role.values()) {
            assertForbidden(check, role, "This call is open to no key");
        }
        assertEquals(List.of("WARNING UndeclaredResource.read declares no roles (@RolesAllowed, @PermitAll or "
                + "@DenyAll): it answers 403 to every key"), logged);
    }

    @Test
    void theClassRolesAreFoundThroughAProxySubclass() throws Exception {
        ContainerRequestFilter check = checkOf(ProxyOfAdminResource.class, "create");

        assertPasses(check, Role.ADMIN);
        assertForbidden(check, Role.VIEWER, "This call needs an admin key");
    }

    @Test
    void handlersThatAreNoResourcesAreLeftAlone() throws Exception {
        assertTrue(registered(RuntimeHandler.class, "apply").isEmpty());
    }

    @Test
    void aRequestWithoutAuthenticatedKeyIs401() throws Exception {
        Request request = new Request(null);

        checkOf(AdminResource.class, "create").filter(request.context());

        assertProblem(request.aborted, 401, "UNAUTHENTICATED");
    }

    @Test
    void theSecurityContextAnswersFromTheKeysOneRole() {
        UUID keyId = UUID.randomUUID();
        SecurityContext viewer = new KeySecurityContext(new ActiveKey(keyId, null, Role.VIEWER), true);

        assertTrue(viewer.isUserInRole("viewer"));
        assertTrue(!viewer.isUserInRole("admin") && !viewer.isUserInRole("user") && !viewer.isUserInRole("VIEWER"));
        assertEquals(keyId.toString(), viewer.getUserPrincipal().getName());
        assertTrue(viewer.isSecure());
    }

    @Test
    void everyResourceMethodOfTheApplicationDeclaresItsRoles() throws IOException {
        List<String> undeclared = new ArrayList<>();
        int methods = 0;
        for (Class<?> resource : applicationResources()) {
            for (Method method : resource.getDeclaredMethods()) {
                if (Arrays.stream(method.getAnnotations())
                        .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class))) {
                    methods++;
                    if (RoleAuthorization.check(method, resource) == null) {
                        undeclared.add(resource.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        assertTrue(methods > 30, "found only " + methods + " resource methods");
        assertTrue(undeclared.isEmpty(),
                "resource methods without @RolesAllowed, @PermitAll or @DenyAll: " + undeclared);
    }

    /** Every class of src/main/java that carries {@code @Path}, loaded without running its initialisers. */
    private static List<Class<?>> applicationResources() throws IOException {
        java.nio.file.Path sources = java.nio.file.Path.of("src/main/java");
        try (Stream<java.nio.file.Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java") && !file.endsWith("package-info.java"))
                    .map(file -> sources.relativize(file).toString().replace('/', '.').replaceFirst("\\.java$", ""))
                    .<Class<?>>map(RoleAuthorizationTest::load)
                    .filter(type -> type.isAnnotationPresent(Path.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RoleAuthorizationTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContainerRequestFilter checkOf(Class<?> resource, String method) throws Exception {
        List<Object> filters = registered(resource, method);
        assertEquals(1, filters.size(), "one check registered");
        return (ContainerRequestFilter) filters.get(0);
    }

    /** What the feature registers for one resource method (the priority must be AUTHORIZATION). */
    private static List<Object> registered(Class<?> resource, String methodName) throws Exception {
        Method method = resource.getMethod(methodName);
        List<Object> registered = new ArrayList<>();
        FeatureContext context = (FeatureContext) Proxy.newProxyInstance(FeatureContext.class.getClassLoader(),
                new Class<?>[] {FeatureContext.class}, (proxy, called, args) -> {
                    if (called.getName().equals("register") && args.length == 2
                            && args[1] instanceof Integer priority) {
                        assertEquals(jakarta.ws.rs.Priorities.AUTHORIZATION, priority);
                        registered.add(args[0]);
                        return proxy;
                    }
                    if (called.getName().equals("getConfiguration")) {
                        return (Configuration) null;
                    }
                    throw new UnsupportedOperationException(called.getName());
                });
        new RoleAuthorization().configure(new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return method;
            }

            @Override
            public Class<?> getResourceClass() {
                return resource;
            }
        }, context);
        return registered;
    }

    private static void assertPasses(ContainerRequestFilter check, Role role) throws IOException {
        Request request = Request.of(role);
        check.filter(request.context());
        assertNull(request.aborted, role + " is let through");
    }

    private static void assertForbidden(ContainerRequestFilter check, Role role, String detail) throws IOException {
        Request request = Request.of(role);
        check.filter(request.context());
        JsonObject problem = assertProblem(request.aborted, 403, "FORBIDDEN");
        assertEquals(detail, problem.getString("detail"));
        assertEquals("Forbidden", problem.getString("title"));
    }

    private static JsonObject assertProblem(Response response, int status, String code) {
        assertNotNull(response, "the request is refused");
        assertEquals(status, response.getStatus());
        assertEquals("application/problem+json", response.getMediaType().toString());
        JsonObject problem = Json.createReader(new StringReader((String) response.getEntity())).readObject();
        assertEquals(code, problem.getString("code"));
        assertEquals(status, problem.getInt("status"));
        return problem;
    }

    /** A request whose security context is the one {@link ApiKeyAuthentication} sets for a key of the role. */
    private static final class Request {
        private final SecurityContext security;
        private Response aborted;

        Request(SecurityContext security) {
            this.security = security;
        }

        static Request of(Role role) {
            return new Request(new KeySecurityContext(new ActiveKey(UUID.randomUUID(),
                    role == Role.USER ? UUID.randomUUID() : null, role), false));
        }

        ContainerRequestContext context() {
            return (ContainerRequestContext) Proxy.newProxyInstance(ContainerRequestContext.class.getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, called, args) -> switch (called.getName()) {
                        case "getSecurityContext" -> security;
                        case "abortWith" -> {
                            aborted = (Response) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(called.getName());
                    });
        }
    }
}
