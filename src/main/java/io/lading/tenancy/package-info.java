/**
 * Tenants, their API keys, and the caller of the current request. Every tenant-owned query is scoped
 * through {@link io.lading.tenancy.control.Caller}: a tenant never sees another tenant's jobs or contacts.
 * What a key's role may call is declared on each REST resource with {@code @RolesAllowed}, {@code @PermitAll}
 * or {@code @DenyAll} and the role names of {@link io.lading.tenancy.entity.Role.Names}, and enforced by
 * {@link io.lading.tenancy.control.RoleAuthorization}.
 */
package io.lading.tenancy;
