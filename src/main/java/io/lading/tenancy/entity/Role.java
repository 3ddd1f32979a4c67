package io.lading.tenancy.entity;

import java.util.Locale;

/** What a key may do: a user acts within its tenant; operators see every tenant, and only admins act. */
public enum Role {
    USER, ADMIN, VIEWER;

    public boolean isOperator() {
        return this != USER;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
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
