package io.lading.jobs.control;

/**
 * A job attempt failed for a reason we can name. {@code retryable} says whether trying again may help
 * (a missing file may be uploaded later; a file that is not CSV never becomes one).
 */
public class JobFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public JobFailure(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public JobFailure(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public static JobFailure permanent(String code, String message) {
        return new JobFailure(code, message, false);
    }

    public static JobFailure transientFailure(String code, String message, Throwable cause) {
        return new JobFailure(code, message, true, cause);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
