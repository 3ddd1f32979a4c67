package io.lading.imports.control;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lading.imports.entity.ImportParameters;
import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of the import readers ({@link ImportFormat#open}, CSV and XLSX): hostile inputs from a
 * seeded generator (random bytes, quote and newline soup, mutated and truncated workbooks, random zips, huge
 * cells), for a bounded time ({@code -Dfuzz.seconds}, default 4; {@code -Dfuzz.seed} to reproduce). The only
 * allowed outcomes are rows, or a {@link JobFailure} with a stable code; anything else (another exception, a
 * hang past the time box, an error) is a crash: the input is written to {@code target/fuzz-crashes/} and belongs,
 * once fixed, in {@code src/test/resources/fuzz/}, whose files are replayed on every run.
 */
class ImportReaderFuzzTest {

    private static final Set<String> CODES = Set.of("UNSUPPORTED_FORMAT", "EMPTY_FILE", "SHEET_NOT_FOUND",
            "TOO_MANY_COLUMNS");
    private static final ImportParameters SETTINGS = new ImportParameters(Map.of(), "update", false, null, null, null);
    /** An input this small that takes longer is a hang in the making (the generators stay under 200 KB). */
    private static final long SLOW_MILLIS = Long.getLong("fuzz.slowMillis", 3000L);
    private static final String[] NAMES = {"contacts.csv", "contacts.xlsx", "file", "x.xlsm", "a.txt"};

    @Test
    void storedCrashInputsStayFixed() throws Exception {
        URL folder = getClass().getResource("/fuzz");
        assertTrue(folder != null, "src/test/resources/fuzz is on the class path");
        List<Path> inputs;
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            inputs = files.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
        List<String> crashes = new ArrayList<>();
        for (Path input : inputs) {
            byte[] bytes = Files.readAllBytes(input);
            String name = input.getFileName().toString().endsWith(".xlsx") ? "contacts.xlsx" : "contacts.csv";
            String crash = run(name, bytes);
            if (crash != null) {
                crashes.add(input.getFileName() + ": " + crash);
            }
        }
        assertTrue(crashes.isEmpty(), String.join("\n", crashes));
    }

    @Test
    void hostileInputsGiveRowsOrAStableFailure() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        byte[] workbook = workbook();
        // Warm up (class loading, JIT) so the first inputs are not mistaken for slow ones; the time box starts
        // after it, so a busy machine still fuzzes for the whole box.
        run("contacts.xlsx", workbook);
        run("contacts.csv", soup(random, 100));
        long deadline = System.nanoTime() + Long.getLong("fuzz.seconds", 4L) * 1_000_000_000L;
        int runs = 0;
        List<String> crashes = new ArrayList<>();
        while (System.nanoTime() < deadline && crashes.size() < 5) {
            byte[] input = switch (random.nextInt(7)) {
                case 0 -> randomBytes(random, random.nextInt(4096));
                case 1 -> soup(random, random.nextInt(8192));
                case 2 -> mutate(random, ("email,name,company\r\nana@example.com,\"Ana, \"\"A\"\"\",Acme\r\n"
                        + "bo@example.com,Bo,\"multi\nline\"\r\n").getBytes(StandardCharsets.UTF_8));
                case 3 -> mutate(random, workbook);
                case 4 -> truncate(random, workbook);
                case 5 -> randomZip(random);
                default -> hugeCell(random);
            };
            String name = NAMES[random.nextInt(NAMES.length)];
            long started = System.nanoTime();
            String crash = run(name, input);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (crash == null && millis > SLOW_MILLIS) {
                crash = "slow: " + millis + " ms for " + input.length + " bytes named " + name;
            }
            runs++;
            if (crash != null) {
                crashes.add(crash + " (saved as " + save(input) + ")");
            }
        }
        if (!crashes.isEmpty()) {
            fail("seed " + seed + ", " + runs + " runs:\n" + String.join("\n", crashes));
        }
        assertTrue(runs > 0, "the fuzzer ran no input");
        System.out.println("ImportReaderFuzzTest: seed " + seed + ", " + runs + " inputs, no crash");
    }

    /** Null when the outcome is allowed, else what went wrong. */
    static String run(String name, byte[] input) {
        try (RowSource source = ImportFormat.open(name, new ByteArrayInputStream(input), SETTINGS)) {
            source.header();
            long rows = 0;
            long previous = 1;
            for (SourceRow row = source.nextRow(); row != null; row = source.nextRow()) {
                if (row.row() <= previous || row.values() == null) {
                    return "row numbers must grow: " + previous + " then " + row.row();
                }
                previous = row.row();
                if (++rows > 1_000_000) {
                    return "more rows than the input has bytes";
                }
            }
            return null;
        } catch (JobFailure failure) {
            return CODES.contains(failure.code()) ? null : "unexpected code " + failure.code() + ": "
                    + failure.getMessage();
        } catch (Throwable other) {
            return other.toString();
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] soup(Random random, int length) {
        String alphabet = "ab,;|\t\"\"\r\n\n é@.\u00A0\uFEFF\\'=";
        StringBuilder text = new StringBuilder("email,name\n");
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutate(Random random, byte[] original) {
        byte[] bytes = original.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(bytes.length);
            bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) "\",\n\r\0<>&".charAt(random.nextInt(8));
        }
        return bytes;
    }

    private static byte[] truncate(Random random, byte[] original) {
        byte[] bytes = new byte[random.nextInt(original.length)];
        System.arraycopy(original, 0, bytes, 0, bytes.length);
        return bytes;
    }

    private static byte[] randomZip(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            String[] names = {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                    "xl/sharedStrings.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "../evil", "a/b/c"};
            int entries = random.nextInt(6);
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry(names[random.nextInt(names.length)] + (random.nextInt(4) == 0 ? i : "")));
                String xml = random.nextBoolean()
                        ? "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
                        + "&a;&a;&a;&a;&a;\">]><x>&b;&b;&b;</x>"
                        : new String(soup(random, random.nextInt(512)), StandardCharsets.UTF_8);
                zip.write(xml.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException | IllegalArgumentException e) {
            return out.toByteArray();
        }
        return out.toByteArray();
    }

    private static byte[] hugeCell(Random random) {
        StringBuilder text = new StringBuilder("email,note\r\nana@example.com,");
        boolean quoted = random.nextBoolean();
        if (quoted) {
            text.append('"');
        }
        int length = 40_000 + random.nextInt(60_000);
        char fill = "x\"\n,".charAt(random.nextInt(quoted ? 4 : 1));
        text.append(String.valueOf(fill).repeat(length));
        if (quoted) {
            text.append('"');
        }
        text.append("\r\nbo@example.com,ok\r\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] workbook() throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet("Contacts");
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("email");
            header.createCell(1).setCellValue("employees");
            for (int i = 1; i <= 5; i++) {
                var row = sheet.createRow(i);
                row.createCell(0).setCellValue("user" + i + "@example.com");
                row.createCell(1).setCellValue(i * 10);
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    private static String save(byte[] input) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)).substring(0, 16);
            Path dir = Path.of("target", "fuzz-crashes");
            Files.createDirectories(dir);
            Path file = dir.resolve("crash-" + hash + ".bin");
            Files.write(file, input);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
