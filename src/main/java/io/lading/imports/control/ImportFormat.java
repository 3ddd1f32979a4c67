package io.lading.imports.control;

import io.lading.imports.entity.ImportParameters;
import io.lading.jobs.control.JobFailure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What kind of file an import reads, decided from its first bytes and its name, and the {@link RowSource} for it.
 *
 * <p>The content decides whenever it can: a zip archive ({@code PK\3\4}) is read as an .xlsx workbook whatever
 * its name (a workbook saved as {@code contacts.csv} still imports; any other zip fails with a clear message);
 * an OLE2 container ({@code D0 CF 11 E0}: a password-protected .xlsx or a legacy .xls), a known binary format
 * (PNG, JPEG, GIF, PDF, gzip, 7z, ...), bytes with NULs in the first 8 KB, or an HTML/XML page fail with
 * {@code UNSUPPORTED_FORMAT}, also when the name says {@code .csv}. Text is CSV, unless its name says it is a
 * workbook ({@code .xlsx}, {@code .xlsm}), which text never is.
 */
public enum ImportFormat {
    CSV,
    XLSX;

    static final int SNIFF_BYTES = 8 * 1024;
    static final String OLE2_MESSAGE = "The file is a password-protected (encrypted) workbook or a legacy .xls "
            + "workbook: save it as .xlsx without a password, or as CSV";

    private static final byte[][] ZIP = {{'P', 'K', 3, 4}, {'P', 'K', 5, 6}, {'P', 'K', 7, 8}};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1};
    private static final Object[][] BINARY = {
            {"a PNG image", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}},
            {"a JPEG image", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}},
            {"a GIF image", "GIF87a".getBytes(StandardCharsets.US_ASCII)},
            {"a GIF image", "GIF89a".getBytes(StandardCharsets.US_ASCII)},
            {"a PDF document", "%PDF-".getBytes(StandardCharsets.US_ASCII)},
            {"a gzip archive", new byte[] {0x1F, (byte) 0x8B}},
            {"a 7-Zip archive", new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C}},
            {"a RAR archive", new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07}},
            {"an xz archive", new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0}},
            {"a zstd archive", new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}},
            {"an executable", new byte[] {0x7F, 'E', 'L', 'F'}},
            {"a Java class file", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}},
            {"a TIFF image", new byte[] {'I', 'I', '*', 0}},
            {"a TIFF image", new byte[] {'M', 'M', 0, '*'}},
            {"an SQLite database", "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII)},
    };

    /**
     * The rows of {@code in}, read as the file's content and name say (see the class comment), with the import's
     * parameters: {@code encoding} and {@code delimiter} for CSV, {@code sheet} for XLSX. On failure the stream is
     * closed and a {@link JobFailure} ({@code UNSUPPORTED_FORMAT}, {@code EMPTY_FILE}, {@code SHEET_NOT_FOUND})
     * says why.
     */
    public static RowSource open(String fileName, InputStream in, ImportParameters parameters) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        boolean opened = false;
        try {
            buffered.mark(SNIFF_BYTES);
            byte[] head = buffered.readNBytes(SNIFF_BYTES);
            buffered.reset();
            Charset charset = charset(parameters == null ? null : parameters.encoding());
            RowSource source = switch (detect(fileName, head, head.length, charset)) {
                case XLSX -> new XlsxRowSource(buffered, parameters == null ? null : parameters.sheet());
                case CSV -> new CsvRowSource(buffered, charset,
                        delimiter(parameters == null ? null : parameters.delimiter()));
            };
            opened = true;
            return source;
        } finally {
            if (!opened) {
                buffered.close();
            }
        }
    }

    /**
     * The format of a file whose name is {@code fileName} (may be null) and whose first bytes are
     * {@code head[0..length)}, read as {@code charset} if it is text.
     *
     * @throws JobFailure {@code UNSUPPORTED_FORMAT} for a file that is neither CSV nor XLSX
     */
    public static ImportFormat detect(String fileName, byte[] head, int length, Charset charset) {
        String extension = extension(fileName);
        if (isZip(head, length)) {
            return XLSX;
        }
        if (isOle2(head, length)) {
            throw unsupported(OLE2_MESSAGE);
        }
        if (length == 0) {
            if (isWorkbookName(extension)) {
                throw JobFailure.permanent("EMPTY_FILE", "The file is empty");
            }
            return CSV;
        }
        if (length >= 10 && startsWith(head, length, new byte[] {'B', 'Z', 'h'}) && head[3] >= '1' && head[3] <= '9'
                && new String(head, 4, 6, StandardCharsets.ISO_8859_1).equals("1AY&SY")) {
            throw unsupported("The file is a bzip2 archive, not CSV or XLSX");
        }
        for (Object[] magic : BINARY) {
            if (startsWith(head, length, (byte[]) magic[1])) {
                throw unsupported("The file is " + magic[0] + ", not CSV or XLSX");
            }
        }
        boolean wide = charset.name().toUpperCase(Locale.ROOT).startsWith("UTF-16")
                || charset.name().toUpperCase(Locale.ROOT).startsWith("UTF-32");
        if (!wide && (startsWith(head, length, new byte[] {(byte) 0xFF, (byte) 0xFE})
                || startsWith(head, length, new byte[] {(byte) 0xFE, (byte) 0xFF}))) {
            throw unsupported("The file is UTF-16 text: import it with encoding UTF-16, or save it as UTF-8 CSV");
        }
        if (!wide) {
            for (int i = 0; i < length; i++) {
                if (head[i] == 0) {
                    throw unsupported("The file holds binary data (a NUL byte at offset " + i
                            + "), not CSV or XLSX text");
                }
            }
        }
        if (isMarkup(head, length, charset)) {
            throw unsupported("The file is an HTML or XML document (such as a web page saved as a spreadsheet), "
                    + "not CSV or XLSX: open it in a spreadsheet and save it as .xlsx or CSV");
        }
        if (isWorkbookName(extension)) {
            throw unsupported("The file is named ." + extension + " but is text, not an .xlsx workbook: "
                    + "name it .csv, or save it from the spreadsheet as .xlsx");
        }
        return CSV;
    }

    static boolean isZip(byte[] head, int length) {
        for (byte[] magic : ZIP) {
            if (startsWith(head, length, magic)) {
                return true;
            }
        }
        return false;
    }

    static boolean isOle2(byte[] head, int length) {
        return startsWith(head, length, OLE2);
    }

    private static boolean isWorkbookName(String extension) {
        return switch (extension) {
            case "xlsx", "xlsm", "xltx", "xltm" -> true;
            default -> false;
        };
    }

    private static boolean isMarkup(byte[] head, int length, Charset charset) {
        String text;
        try {
            text = new String(head, 0, Math.min(length, 512), charset);
        } catch (RuntimeException e) {
            return false;
        }
        String start = text.replace("\uFEFF", "").stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<?xml")
                || start.startsWith("<table");
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String extension(String fileName) {
        if (fileName == null) {
            return "";
        }
        String name = fileName.strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    private static JobFailure unsupported(String message) {
        return JobFailure.permanent("UNSUPPORTED_FORMAT", message);
    }

    static Charset charset(String encoding) {
        return encoding == null || encoding.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(encoding.strip());
    }

    static Character delimiter(String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        return "\\t".equals(delimiter) || "tab".equalsIgnoreCase(delimiter) ? '\t' : delimiter.charAt(0);
    }
}
