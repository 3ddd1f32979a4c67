package io.lading.platform;

/** A refusal the caller should repeat later: rendered with a {@code Retry-After} header. */
public class RetryLaterException extends ProblemException {

    private final long retryAfterSeconds;

    public RetryLaterException(int status, String code, String title, String detail, long retryAfterSeconds) {
        super(status, code, title, detail, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
