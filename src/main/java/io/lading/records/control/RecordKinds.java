package io.lading.records.control;

import io.lading.platform.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;

/** Every entity the engine knows, found by the name jobs carry or by the API's plural. */
@ApplicationScoped
public class RecordKinds {

    @Inject
    @Any
    Instance<RecordKind> kinds;

    /** The kind a job's {@code entity} names; a job only ever carries a known one. */
    public RecordKind named(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("No entity named " + name));
    }

    public Optional<RecordKind> find(String name) {
        return kinds.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The kind an API path names ({@code contacts}, {@code companies}), or 404. */
    public RecordKind plural(String plural) {
        return kinds.stream().filter(k -> k.plural().equals(plural)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Entity " + plural));
    }
}
