package io.lading.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/**
 * Runs a read in a transaction of its own, for tasks on a managed executor (event streams), which have none:
 * outside a transaction Payara closes such a task's entity manager after its first use, so the next poll fails
 * with "closed EntityManager". Within one, every server gives each read a fresh persistence context.
 */
@ApplicationScoped
public class ShortTransaction {

    @Transactional
    public <T> T get(Supplier<T> read) {
        return read.get();
    }
}
