package io.lading.storage.control;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what is read and turns an end of stream before the announced content length into a
 * {@link TruncatedObjectException}. The JDK's URL connection (the S3 client's transport) reports a connection cut
 * in the middle of a fixed-length body as a plain end of stream, which a CSV reader would take for the file's end.
 */
final class LengthCheckedStream extends FilterInputStream {

    private final String key;
    private final long expected;
    private long read;

    LengthCheckedStream(InputStream in, String key, long expected) {
        super(in);
        this.key = key;
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkEnd();
        } else {
            read++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            checkEnd();
        } else {
            read += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        read += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void checkEnd() throws TruncatedObjectException {
        if (read < expected) {
            throw new TruncatedObjectException(key, read, expected);
        }
    }
}
