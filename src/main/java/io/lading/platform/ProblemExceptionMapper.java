package io.lading.platform;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException e) {
        Response response = Problem.response(e.status(), e.code(), e.title(), e.getMessage(), e.field());
        if (e instanceof RetryLaterException retry) {
            return Response.fromResponse(response).header("Retry-After", retry.retryAfterSeconds()).build();
        }
        return response;
    }
}
