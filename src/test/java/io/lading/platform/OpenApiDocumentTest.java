package io.lading.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.contacts.entity.ContactColumn;
import io.lading.contacts.entity.ContactField;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the build-time document (target/generated/openapi.json, written before the tests run) must say that no
 * linter knows: the query parameters that resources read from UriInfo, which scanning cannot see, follow the
 * code's columns and fields; every problem code an answer lists is one Problem.code lists.
 */
class OpenApiDocumentTest {

    private static final JsonObject DOCUMENT = read(Path.of("target/generated/openapi.json"));

    @Test
    void contactListTakesEveryColumnAsAFilter() {
        Set<String> expected = new TreeSet<>(Set.of("limit", "cursor", "q"));
        for (ContactColumn column : ContactColumn.values()) {
            expected.add(column.apiName());
            expected.add(column.apiName() + ".not");
            if (column.type().ordered()) {
                Set.of("gte", "gt", "lte", "lt").forEach(op -> expected.add(column.apiName() + "." + op));
            }
        }
        assertEquals(expected, queryParameters("/api/contacts", "get"));
    }

    @Test
    void importWithTheFileAsBodyTakesAMappingOfEveryField() {
        Set<String> mappings = queryParameters("/api/contacts/import", "post").stream()
                .filter(name -> name.startsWith("mapping.")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> fields = new TreeSet<>();
        for (ContactField field : ContactField.values()) {
            fields.add("mapping." + field.apiName());
        }
        assertEquals(fields, mappings);
    }

    @Test
    void everyProblemCodeOfAnAnswerIsListedOnProblemCode() {
        Set<String> listed = DOCUMENT.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem")
                .getJsonObject("properties").getJsonObject("code").getJsonArray("x-extensible-enum").stream()
                .map(v -> ((JsonString) v).getString()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> used = new TreeSet<>();
        collectProblemCodes(DOCUMENT, used);
        used.removeAll(listed);
        assertEquals(Set.of(), used, "codes in x-problem-codes that Problem.code does not list");
    }

    private static Set<String> queryParameters(String path, String method) {
        return DOCUMENT.getJsonObject("paths").getJsonObject(path).getJsonObject(method).getJsonArray("parameters")
                .stream().map(JsonValue::asJsonObject).filter(p -> "query".equals(p.getString("in")))
                .map(p -> p.getString("name")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void collectProblemCodes(JsonValue value, Set<String> into) {
        if (value instanceof JsonObject object) {
            object.forEach((key, child) -> {
                if (key.equals("x-problem-codes")) {
                    child.asJsonArray().forEach(code -> into.add(((JsonString) code).getString()));
                } else {
                    collectProblemCodes(child, into);
                }
            });
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(child -> collectProblemCodes(child, into));
        }
    }

    private static JsonObject read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return Json.createReader(reader).readObject();
        } catch (IOException e) {
            throw new IllegalStateException(file + " is written by the build (smallrye-open-api-maven-plugin, "
                    + "process-classes): run mvn test, not the test class alone", e);
        }
    }
}
