package io.lading.platform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.ExternalDocumentation;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.info.Contact;
import org.eclipse.microprofile.openapi.models.info.Info;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Drops the success answers the annotation scanner guesses where {@code META-INF/openapi.yaml} states the real one.
 * A resource method returning {@code Response} is scanned as "200 OK" and one writing Server-Sent Events as "204 No
 * Content"; the static document says it answers 202 (or 201, 204, 200 with an event stream), so the guess would
 * list a status the API never sends. Also drops the regular expression the scanner gives every UUID beside
 * {@code format: uuid}: it says nothing more, and generated clients' validators trip over it.
 * Drops the empty contact and external documentation WildFly adds (see {@link #dropEmptyDocumentation}).
 * Named in {@code mp.openapi.filter}; the build runs it too (smallrye-open-api-maven-plugin).
 */
public class OpenApiPlaceholderFilter implements OASFilter {

    /** The descriptions the scanner gives the statuses it guesses. */
    private static final Map<String, String> GUESSES = Map.of("200", "OK", "204", "No Content");
    private static final Set<String> SUCCESS = Set.of("200", "201", "202", "204");

    /**
     * Every request body this API declares is required (what is optional travels as query parameters). The build's
     * scan says so; the servers, which serve the built document without scanning, would lose it otherwise.
     */
    @Override
    public RequestBody filterRequestBody(RequestBody requestBody) {
        if (requestBody.getRequired() == null) {
            requestBody.setRequired(true);
        }
        return requestBody;
    }

    @Override
    public Schema filterSchema(Schema schema) {
        if ("uuid".equals(schema.getFormat())) {
            schema.setPattern(null);
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        dropEmptyDocumentation(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(OpenApiPlaceholderFilter::dropGuessedSuccess));
    }

    /**
     * An empty {@code info.contact}, or an {@code externalDocs} without its required {@code url} (validators such as
     * openapi-generator refuse it), says nothing: dropped. WildFly adds both after this filter has run unless the
     * static document gives them, which is why {@code META-INF/openapi.yaml} does.
     */
    private static void dropEmptyDocumentation(OpenAPI openAPI) {
        ExternalDocumentation docs = openAPI.getExternalDocs();
        if (docs != null && docs.getUrl() == null) {
            openAPI.setExternalDocs(null);
        }
        Info info = openAPI.getInfo();
        Contact contact = info == null ? null : info.getContact();
        if (contact != null && contact.getName() == null && contact.getUrl() == null && contact.getEmail() == null) {
            info.setContact(null);
        }
    }

    private static void dropGuessedSuccess(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null || responses.getAPIResponses() == null) {
            return;
        }
        Map<String, APIResponse> byStatus = responses.getAPIResponses();
        List<String> stated = byStatus.entrySet().stream()
                .filter(e -> SUCCESS.contains(e.getKey()) && !isGuess(e.getKey(), e.getValue())).map(Map.Entry::getKey)
                .toList();
        if (stated.isEmpty()) {
            return;
        }
        byStatus.entrySet().stream().filter(e -> SUCCESS.contains(e.getKey()) && !stated.contains(e.getKey())
                        && isGuess(e.getKey(), e.getValue()))
                .map(Map.Entry::getKey).toList()
                .forEach(responses::removeAPIResponse);
    }

    /** A scanner's guess: its default description and no example in any media type. */
    private static boolean isGuess(String status, APIResponse response) {
        if (!GUESSES.getOrDefault(status, "").equals(response.getDescription())) {
            return false;
        }
        return response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().values().stream()
                        .allMatch(m -> (m.getExamples() == null || m.getExamples().isEmpty()) && m.getExample() == null);
    }
}
