package io.lading.console.boundary;

import io.lading.console.control.JobMetrics;
import io.lading.tenancy.control.ApiKeyHeaders;
import io.lading.tenancy.control.ApiKeyLookup;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: the job metrics in Prometheus text, on the application's port, for an operator key
 * (Prometheus: {@code authorization: {credentials: <viewer key>}}). The server's own metrics stay on the
 * management port (9990/metrics). A servlet rather than a JAX-RS resource because the REST API lives under /api.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    JobMetrics metrics;

    @Inject
    ApiKeyLookup keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!isOperator(request)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            response.sendError(401, "An operator key (admin or viewer) is needed");
            return;
        }
        String body = metrics.render();
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }

    /** The same key headers and roles as the API's {@code @RolesAllowed({admin, viewer})}, checked here. */
    private boolean isOperator(HttpServletRequest request) {
        String key = ApiKeyHeaders.presentedKey(request::getHeader);
        return key != null && keys.active(key).map(found -> found.role().isOperator()).orElse(false);
    }
}
