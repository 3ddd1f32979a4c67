/** Files in S3: the tenant's key space, presigned URLs, streaming uploads and reads. */
package io.lading.storage;
