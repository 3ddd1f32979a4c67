package io.lading.platform;

import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.util.Map;

/**
 * Reads whose entities are only looked at, never changed: the API's job and contact reads. With this hint
 * EclipseLink builds each entity once, without registering it in the persistence context or keeping a backup
 * copy to compare at commit; other providers ignore it. A change made to such an entity is not written, so
 * writes find their rows themselves.
 */
public final class ReadOnly {

    private static final String HINT = "eclipselink.read-only";

    /** The properties for {@code EntityManager.find}. */
    public static final Map<String, Object> FIND = Map.of(HINT, "true");

    private ReadOnly() {
    }

    public static Query query(Query query) {
        return query.setHint(HINT, "true");
    }

    public static <T> TypedQuery<T> query(TypedQuery<T> query) {
        return query.setHint(HINT, "true");
    }
}
