/**
 * The tenant's contacts: their description for the import and export engine ({@code ContactRecords}: fields,
 * columns, email as the key, the link to companies), and reads.
 */
package io.lading.contacts;
