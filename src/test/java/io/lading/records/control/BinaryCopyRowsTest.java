package io.lading.records.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lading.records.entity.FieldType;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

/** The bytes PostgreSQL's binary COPY format asks for (its documentation, "Binary Format"), value by value. */
class BinaryCopyRowsTest {

    private static final String SIGNATURE = "5047434f50590aff0d0a00" + "00000000" + "00000000";
    private static final String END = "ffff";

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private boolean ended;

    @Test
    void aRowOfEveryKindOfValue() throws Exception {
        UUID id = UUID.fromString("0190f3a2-7b1c-7def-8123-456789abcdef");
        try (BinaryCopyRows rows = new BinaryCopyRows(copy(), 64 * 1024)) {
            rows.row(6);
            rows.uuid(id);
            rows.value(FieldType.EMAIL, "zoë@example.com");
            rows.value(FieldType.TEXT, null);
            rows.value(FieldType.INTEGER, "1000");
            rows.value(FieldType.DATE, "2000-01-02");
            rows.value(FieldType.DATE, "1999-12-31");
            rows.end();
        }

        assertEquals(SIGNATURE
                + "0006"
                + "00000010" + "0190f3a27b1c7def8123456789abcdef"
                + "00000010" + hex("zoë@example.com".getBytes(StandardCharsets.UTF_8)) // ë is two bytes: 16 in all
                + "ffffffff"
                + "00000004" + "000003e8"
                + "00000004" + "00000001"
                + "00000004" + "ffffffff"
                + END, hex(sent.toByteArray()));
        assertEquals(true, ended);
    }

    @Test
    void aSmallBufferSendsTheSameBytesInPieces() throws Exception {
        String longText = "Ünïcode, \"quotes\", commas\nand a new line ".repeat(50);
        byte[] whole = encode(64 * 1024, longText);
        sent.reset();
        byte[] inPieces = encode(24, longText);

        assertArrayEquals(whole, inPieces);
    }

    private byte[] encode(int bufferSize, String text) throws Exception {
        try (BinaryCopyRows rows = new BinaryCopyRows(copy(), bufferSize)) {
            for (int i = 0; i < 3; i++) {
                rows.row(3);
                rows.value(FieldType.TEXT, text);
                rows.value(FieldType.INTEGER, String.valueOf(-i));
                rows.value(FieldType.DATE, "2024-02-29");
            }
            rows.end();
        }
        return sent.toByteArray();
    }

    private CopyIn copy() {
        return (CopyIn) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CopyIn.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "writeToCopy" -> {
                        sent.write((byte[]) args[0], (int) args[1], (int) args[2]);
                        yield null;
                    }
                    case "endCopy" -> {
                        ended = true;
                        yield 0L;
                    }
                    case "isActive" -> !ended;
                    case "cancelCopy" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
