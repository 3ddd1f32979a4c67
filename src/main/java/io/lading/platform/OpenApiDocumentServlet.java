package io.lading.platform;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * {@code GET /openapi}: the OpenAPI document the build wrote and checked (META-INF/openapi.yaml and .json in the
 * WAR), byte for byte, YAML by default and JSON for {@code Accept: application/json} or {@code ?format=JSON}, as
 * MicroProfile OpenAPI answers. Served by the application rather than by the server's MicroProfile OpenAPI, which
 * is turned off for it (WildFly: mp.openapi.extensions.enabled, Payara: server/payara/configure.asadmin): Payara's
 * reader takes OpenAPI 3.0 only and serves an empty document for this 3.1 one (nullable types as
 * {@code [string, "null"]}), and neither server would add anything the build did not already put in.
 */
@WebServlet("/openapi")
public class OpenApiDocumentServlet extends HttpServlet {

    private static final byte[] YAML = read("META-INF/openapi.yaml");
    private static final byte[] JSON = read("META-INF/openapi.json");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String format = request.getParameter("format");
        String accept = request.getHeader("Accept");
        boolean json = format != null ? format.toUpperCase(Locale.ROOT).equals("JSON")
                : accept != null && accept.contains("application/json");
        response.setContentType(json ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8");
        response.setHeader("Access-Control-Allow-Origin", "*");
        byte[] body = json ? JSON : YAML;
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] read(String resource) {
        try (InputStream in = OpenApiDocumentServlet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the WAR: the build writes it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
