package io.lading.platform;

import jakarta.ws.rs.core.Response;

/**
 * An error the caller can act on, rendered once as RFC 9457 problem+json by {@link ProblemExceptionMapper}.
 * {@code code} is the stable identifier clients switch on; {@code detail} is for humans.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final String field;

    public ProblemException(Response.Status status, String code, String detail) {
        this(status.getStatusCode(), code, status.getReasonPhrase(), detail, null);
    }

    public ProblemException(int status, String code, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.field = field;
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, code, detail);
    }

    /** The request's JSON body, or {@code 400 MISSING_BODY} naming what it should hold ({@code what}). */
    public static <T> T requireBody(T body, String what) {
        if (body == null) {
            throw badRequest("MISSING_BODY", "Send a JSON body with " + what);
        }
        return body;
    }

    public static ProblemException invalidField(String field, String code, String detail) {
        return new ProblemException(400, code, "Bad Request", detail, field);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Response.Status.NOT_FOUND, "NOT_FOUND", what + " does not exist");
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(Response.Status.CONFLICT, code, detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
