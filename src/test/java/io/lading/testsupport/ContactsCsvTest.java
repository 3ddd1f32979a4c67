package io.lading.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactsCsvTest {

    @TempDir
    Path directory;

    @Test
    void aFileWrittenToDiskHasTheSameBytesAsTheInMemoryOne() throws Exception {
        ContactsCsv csv = ContactsCsv.rows(2_000).badEvery(50).domain("stream.example.com");
        Path file = directory.resolve("contacts.csv");

        csv.writeTo(file);

        assertArrayEquals(csv.bytes(), Files.readAllBytes(file));
    }
}
