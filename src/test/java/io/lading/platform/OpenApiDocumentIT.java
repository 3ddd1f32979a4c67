package io.lading.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.testsupport.ApiClient;
import io.lading.testsupport.LadingDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The document the server serves at /openapi is the one the build wrote and checked (target/generated/openapi.json:
 * openapi-generator and Redocly's rules ran on it, and the generated client comes from it), so the two cannot drift.
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiDocumentIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return LadingDeployment.war();
    }

    @Test
    void servedDocumentIsTheOneTheBuildChecked() throws Exception {
        HttpResponse<String> served = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ApiClient.baseUrl() + "/openapi"))
                        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode());
        JsonObject built = read(Files.readString(Path.of(System.getProperty("lading.test.openapi",
                "target/generated/openapi.json"))));

        List<String> differences = new ArrayList<>();
        compare("", built, read(served.body()), differences);
        assertEquals(List.of(), differences, "/openapi differs from target/generated/openapi.json");
    }

    private static JsonObject read(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    /** Every place where the two differ, by JSON pointer; objects compare by keys, whatever their order. */
    private static void compare(String at, JsonValue built, JsonValue served, List<String> differences) {
        if (built instanceof JsonObject b && served instanceof JsonObject s) {
            TreeSet<String> keys = new TreeSet<>(b.keySet());
            keys.addAll(s.keySet());
            for (String key : keys) {
                String pointer = at + "/" + key.replace("~", "~0").replace("/", "~1");
                if (!b.containsKey(key) || !s.containsKey(key)) {
                    differences.add(pointer + (b.containsKey(key) ? " only in the build's: " + b.get(key)
                            : " only in the served: " + s.get(key)));
                } else {
                    compare(pointer, b.get(key), s.get(key), differences);
                }
            }
        } else if (!built.equals(served)) {
            differences.add(at + ": build " + built + ", served " + served);
        }
    }
}
