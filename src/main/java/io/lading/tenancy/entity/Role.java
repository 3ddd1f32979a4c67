package io.lading.tenancy.entity;

import java.util.Locale;

/**
 * What a key may do: a user acts within its tenant; operators see every tenant, and only admins act. A key has
 * one role; resources name the roles they admit with {@code @RolesAllowed} and the names in {@link Names}.
 */
public enum Role {
    USER(Names.USER), ADMIN(Names.ADMIN), VIEWER(Names.VIEWER);

    /** The role names as {@code @RolesAllowed} takes them: annotations need compile-time constants. */
    public static final class Names {
        /** A tenant's key: reads and acts on that tenant's data only. */
        public static final String USER = "user";
        /** An operator who reads every tenant's jobs and acts: tenants, keys, cancel, retry, expiry. */
        public static final String ADMIN = "admin";
        /** An operator who reads every tenant's jobs and acts on nothing. */
        public static final String VIEWER = "viewer";

        private Names() {
        }
    }

    private final String roleName;

    Role(String roleName) {
        this.roleName = roleName;
    }

    /** The name {@code @RolesAllowed} and {@code SecurityContext.isUserInRole} use; also the API's name. */
    public String roleName() {
        return roleName;
    }

    public String apiName() {
        return roleName;
    }

    public boolean isOperator() {
        return this != USER;
    }

    /** The role an API name ({@code viewer}, any case) names, or null. */
    public static Role parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
