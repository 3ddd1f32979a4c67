package io.lading.storage.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LengthCheckedStreamTest {

    private static final byte[] FILE = "email\na@example.com\nb@example.com\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWholeBodyReadsToItsEnd() throws IOException {
        try (var in = new LengthCheckedStream(new ByteArrayInputStream(FILE), "uploads/t/f.csv", FILE.length)) {
            assertArrayEquals(FILE, in.readAllBytes());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aBodyCutShortIsAnErrorNotAnEndOfFile() {
        // what the transport hands over when the connection drops after 20 of the announced bytes
        var cut = new ByteArrayInputStream(FILE, 0, 20);
        var lines = new BufferedReader(new InputStreamReader(
                new LengthCheckedStream(cut, "uploads/t/f.csv", FILE.length), StandardCharsets.UTF_8));
        var e = assertThrows(TruncatedObjectException.class, () -> {
            while (lines.readLine() != null) {
                // a reader that would otherwise stop here, one row short
            }
        });
        assertTrue(e.getMessage().contains("after 20 of " + FILE.length + " bytes"), e.getMessage());
    }

    @Test
    void singleByteReadsAreCheckedToo() throws IOException {
        try (var in = new LengthCheckedStream(new ByteArrayInputStream(FILE, 0, 3), "k", 4)) {
            assertEquals('e', in.read());
            assertEquals('m', in.read());
            assertEquals('a', in.read());
            assertThrows(TruncatedObjectException.class, in::read);
        }
    }
}
