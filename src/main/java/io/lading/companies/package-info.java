/**
 * Companies: the second entity on the import and export engine (its description, {@code CompanyRecords}), the
 * association of contacts with the company of their email's domain ({@code CompanyLinks}), and reads.
 */
package io.lading.companies;
