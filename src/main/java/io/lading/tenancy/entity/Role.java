package io.lading.tenancy.entity;

/** What a key may do: a user acts within its tenant; operators see every tenant, and only admins act. */
public enum Role {
    USER, ADMIN, VIEWER;

    public boolean isOperator() {
        return this != USER;
    }
}
