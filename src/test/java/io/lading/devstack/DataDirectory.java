package io.lading.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directory an embedded service keeps its data in. */
final class DataDirectory {

    private DataDirectory() {
    }

    /** Creates the directory, first deleting what a previous run left in it unless that is to be kept. */
    static void prepare(Path directory, boolean keepData) throws IOException {
        if (!keepData && Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(directory);
    }
}
