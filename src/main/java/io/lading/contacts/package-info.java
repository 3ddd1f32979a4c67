/** The tenant's contacts: the fields every import and export speaks of, reads, and the bulk upsert. */
package io.lading.contacts;
