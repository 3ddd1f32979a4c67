package io.lading.storage.control;

import java.io.IOException;

/**
 * An object's body ended before the length S3 announced: the connection was cut, and the reader must not take the
 * early end for the end of the file.
 */
public class TruncatedObjectException extends IOException {

    public TruncatedObjectException(String key, long read, long expected) {
        super("The body of " + key + " ended after " + read + " of " + expected + " bytes");
    }
}
