package io.lading.platform;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Everything that is not a {@link ProblemException}: framework errors keep their status, and anything
 * unexpected becomes a 500 with an incident id to find the stack trace in the log, never in the response.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ProblemException problem) {
            return new ProblemExceptionMapper().toResponse(problem);
        }
        if (cause instanceof JsonbException || cause instanceof ProcessingException) {
            return Problem.response(400, "MALFORMED_JSON", "Bad Request",
                    "The request body is not valid JSON of the expected shape", null);
        }
        if (cause instanceof NotSupportedException) {
            return Problem.response(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type",
                    "This endpoint does not accept that Content-Type", null);
        }
        if (cause instanceof NotAllowedException) {
            return Problem.response(405, "METHOD_NOT_ALLOWED", "Method Not Allowed",
                    "This endpoint does not support that HTTP method", null);
        }
        if (cause instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            Response.StatusType type = web.getResponse().getStatusInfo();
            String code = status == 404 ? "NOT_FOUND"
                    : type.getReasonPhrase().toUpperCase(Locale.ROOT).replace(' ', '_');
            return Problem.response(status, code, type.getReasonPhrase(), null, null);
        }
        if (DatabaseOutage.explains(cause)) {
            LOG.log(Level.WARNING, "Database unavailable: {0}", cause.toString());
            return Response.fromResponse(Problem.response(503, "SERVICE_UNAVAILABLE", "Service Unavailable",
                    "The database is not reachable right now; try again shortly", null))
                    .header("Retry-After", 5).build();
        }
        if (isStorageUnavailable(cause)) {
            LOG.log(Level.WARNING, "S3 unavailable: {0}", cause.toString());
            return Response.fromResponse(Problem.response(503, "STORAGE_UNAVAILABLE", "Service Unavailable",
                    "The file store is not reachable right now; try again shortly", null))
                    .header("Retry-After", 5).build();
        }
        if (isBrokerUnavailable(cause)) {
            // The job row rolled back with its message: nothing was accepted, the client submits again.
            LOG.log(Level.WARNING, "Broker unavailable: {0}", cause.toString());
            return Response.fromResponse(Problem.response(503, "BROKER_UNAVAILABLE", "Service Unavailable",
                    "The job queue is not reachable right now; try again shortly", null))
                    .header("Retry-After", 5).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, error);
        return Problem.response(500, "INTERNAL_ERROR", "Internal Server Error",
                "Something went wrong on our side (incident " + incident + ")", null);
    }

    /** A JMS failure anywhere in the chain: the broker did not answer a send (standard JMS types only). */
    private static boolean isBrokerUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof jakarta.jms.JMSRuntimeException || t instanceof jakarta.jms.JMSException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof EJBException || current instanceof TransactionalException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * S3 could not be reached (no connection, a timeout: the SDK's client-side exceptions) or answered with a
     * server error (5xx, e.g. 503 Slow Down). A 4xx is a real error and stays a 500 with an incident id.
     */
    private static boolean isStorageUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SdkClientException) {
                return true;
            }
            if (t instanceof SdkServiceException service && service.statusCode() >= 500) {
                return true;
            }
        }
        return false;
    }

}
