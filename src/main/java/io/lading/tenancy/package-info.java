/**
 * Tenants, their API keys, and the caller of the current request. Every tenant-owned query is scoped
 * through {@link io.lading.tenancy.control.Caller}: a tenant never sees another tenant's jobs or contacts.
 */
package io.lading.tenancy;
