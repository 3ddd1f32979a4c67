package io.lading.imports.control;

import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.ODFNotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;

/**
 * Records of one worksheet of an .xlsx workbook: the first visible worksheet, or the one a {@code sheet} setting
 * names (a sheet name, ignoring case, or a 1-based position among the visible worksheets).
 *
 * <p>Memory stays bounded whatever the size of the sheet. The stream (S3's is not seekable, and a zip keeps its
 * directory at the end) is first copied to a temp file; POI's OPC package reader then reads the parts from it with
 * its zip-bomb checks ({@code ZipSecureFile}: an entry inflating more than 100 times its compressed size, an entry
 * over 4 GB or more than 1000 entries fail). No workbook model is built: the workbook, styles, shared strings and
 * sheet XML are read with a pull parser (StAX, DTDs and external entities off), one row at a time. Shared strings
 * are kept in memory up to a budget (16 MiB by default) and the rest in a temp file read by offset. Every temp file
 * is deleted on {@link #close()}.
 *
 * <p>Values come out as the user typed them: text as is ({@code 00123} stays {@code 00123}); numbers in the
 * General format as the formula bar shows them (15 significant digits, {@code 1000} not {@code 1000.0},
 * {@code 4915112345678} not {@code 4.91511E+12}); numbers with a number format as the cell shows them
 * ({@code #,##0} gives {@code 1,000}, {@code 00000} gives {@code 01234}), in the en-US conventions; dates as ISO
 * {@code YYYY-MM-DD} (with {@code THH:mm:ss} when the format shows a time, {@code HH:mm:ss} for a time of day);
 * booleans as {@code TRUE}/{@code FALSE}; errors as shown ({@code #N/A}); formulas as their last computed value.
 *
 * <p>Rows: the first non-blank row is the header. Row numbers are the sheet's own, so a reported row is found
 * in Excel under the same number (a header on row 3 makes the first contact row 4). Rows with no non-blank
 * value are skipped; a missing cell is an empty string; rows are as wide as the header (trailing empty cells are
 * padded), or wider when they hold values beyond the header's last column.
 *
 * <p>{@link #bytesRead()} is the share of the sheet's XML consumed so far, scaled to the size of the file, so it
 * grows monotonically from 0 to the file's size as the sheet is read.
 */
public final class XlsxRowSource implements RowSource {

    /** Excel's last column is XFD. */
    static final int MAX_COLUMNS = 16_384;
    /** Excel's own limit for one cell; longer text cannot come from Excel, and is cut. */
    static final int MAX_CELL_CHARS = 32_767;
    /** One row holding more text than this is not a contact list; it would only exhaust memory. */
    static final long MAX_ROW_CHARS = 4_000_000;
    /** More sheets than any real workbook has; a longer list is a crafted file. */
    static final int MAX_SHEETS = 10_000;
    /** Shared strings kept in memory before the rest goes to a temp file (estimated heap bytes). */
    static final long DEFAULT_STRINGS_IN_MEMORY = 16L << 20;

    private static final String SPREADSHEET_MAIN = "spreadsheetml.sheet.main+xml";
    private static final String MACRO_MAIN = "ms-excel.sheet.macroenabled.main+xml";
    private static final String TEMPLATE_MAIN = "spreadsheetml.template.main+xml";
    private static final String MACRO_TEMPLATE_MAIN = "ms-excel.template.macroenabled.main+xml";
    private static final String XLSB_MAIN = "ms-excel.sheet.binary.macroenabled.main";
    private static final DateTimeFormatter ISO_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final MathContext FORMULA_BAR = new MathContext(15, RoundingMode.HALF_UP);
    /** Day 0 of Excel's two date systems, for whole days after 1900-02-28 (1904: any day). */
    private static final LocalDate EPOCH_1900 = LocalDate.of(1899, 12, 30);
    private static final LocalDate EPOCH_1904 = LocalDate.of(1904, 1, 1);
    private static final Pattern PLAIN_INTEGER = Pattern.compile("-?[1-9]\\d{0,14}|0");

    private final List<Path> tempFiles = new ArrayList<>();
    private OPCPackage pkg;
    private SharedStrings strings;
    private Styles styles;
    private boolean date1904;
    private final DataFormatter formatter = new DataFormatter(Locale.US);
    private final Map<Integer, DateKind> dateKinds = new HashMap<>();
    private CsvRowSource.CountingInputStream sheetBytes;
    private XMLStreamReader xml;
    private long sheetSize;
    private long fileSize;
    private String sheetName;
    private String[] header;
    private long previousRow;
    private boolean ended;

    /** The first visible worksheet of the workbook in {@code in}; the stream is read to its end and closed. */
    public XlsxRowSource(InputStream in) throws IOException {
        this(in, null, DEFAULT_STRINGS_IN_MEMORY);
    }

    /**
     * The worksheet {@code sheet} names (by name, ignoring case, or by 1-based position among the visible
     * worksheets), or the first visible one when it is null or blank. The stream is read to its end and closed.
     */
    public XlsxRowSource(InputStream in, String sheet) throws IOException {
        this(in, sheet, DEFAULT_STRINGS_IN_MEMORY);
    }

    XlsxRowSource(InputStream in, String sheet, long stringsInMemory) throws IOException {
        boolean opened = false;
        try {
            Path spool = tempFile(".xlsx");
            try (in; OutputStream out = Files.newOutputStream(spool)) {
                fileSize = in.transferTo(out);
            }
            // From here on everything is read from the local copy: a failure is the file's, not the network's
            try {
                checkMagic(spool);
                pkg = openPackage(spool);
                PackagePart workbook = workbookPart();
                List<SheetEntry> sheets = readWorkbook(workbook);
                SheetEntry chosen = choose(sheets, sheet);
                sheetName = chosen.name();
                styles = readStyles(related(workbook, "/styles"));
                strings = readSharedStrings(related(workbook, "/sharedStrings"), stringsInMemory);
                PackagePart sheetPart = workbook.getRelatedPart(chosen.relationship());
                sheetSize = sheetPart.getSize();
                sheetBytes = new CsvRowSource.CountingInputStream(sheetPart.getInputStream());
                xml = newXmlFactory().createXMLStreamReader(sheetBytes);
                header = readHeader();
            } catch (XMLStreamException e) {
                throw malformed(e);
            } catch (IOException e) {
                throw unreadable(e);
            } catch (InvalidFormatException | RuntimeException e) {
                throw unsupported(e);
            }
            opened = true;
        } finally {
            if (!opened) {
                closeAfterFailure();
            }
        }
    }

    private void closeAfterFailure() {
        try {
            close();
        } catch (IOException | RuntimeException ignored) {
            // the failure that got here is the one to report
        }
    }

    @Override
    public String[] header() {
        return header.clone();
    }

    /** The name of the worksheet being read. */
    public String sheetName() {
        return sheetName;
    }

    /** The temp files this source holds until it is closed (the copy of the workbook, spilled strings). */
    List<Path> temporaryFiles() {
        return List.copyOf(tempFiles);
    }

    @Override
    public SourceRow nextRow() throws IOException {
        try {
            Row row = readRow();
            if (row == null) {
                return null;
            }
            return new SourceRow(row.number, row.values(header.length), bytesRead());
        } catch (XMLStreamException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    @Override
    public long bytesRead() {
        if (ended) {
            return fileSize;
        }
        if (sheetBytes == null) {
            return 0;
        }
        if (sheetSize <= 0) {
            return Math.min(sheetBytes.count(), fileSize);
        }
        double share = Math.min(1.0, (double) sheetBytes.count() / sheetSize);
        return (long) (share * fileSize);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // the stream below is closed next
            }
            xml = null;
        }
        for (Closeable closeable : new Closeable[] {sheetBytes, strings}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        sheetBytes = null;
        strings = null;
        if (pkg != null) {
            pkg.revert();
            pkg = null;
        }
        for (Path file : tempFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure = e;
            }
        }
        tempFiles.clear();
        if (failure != null) {
            throw failure;
        }
    }

    // ---- the package ------------------------------------------------------------------------------------------

    private Path tempFile(String suffix) throws IOException {
        Path file = Files.createTempFile("lading-import-", suffix);
        tempFiles.add(file);
        return file;
    }

    private static void checkMagic(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == 0) {
            throw JobFailure.permanent("EMPTY_FILE", "The file is empty");
        }
        if (ImportFormat.isOle2(head, n)) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", ImportFormat.OLE2_MESSAGE);
        }
        if (!ImportFormat.isZip(head, n)) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The file is not an .xlsx workbook (not a zip archive)");
        }
    }

    private static OPCPackage openPackage(Path file) {
        try {
            return OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | RuntimeException e) {
            throw unsupported(e);
        }
    }

    private PackagePart workbookPart() {
        PackageRelationship main = first(pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT));
        if (main == null) {
            main = first(pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT));
        }
        PackagePart part = main == null ? null : pkg.getPart(main);
        if (part == null) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The file is a zip archive, not an .xlsx workbook");
        }
        String type = part.getContentType().toLowerCase(Locale.ROOT);
        if (type.endsWith(XLSB_MAIN)) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT",
                    "The file is a binary .xlsb workbook: save it as .xlsx or CSV");
        }
        if (!(type.endsWith(SPREADSHEET_MAIN) || type.endsWith(MACRO_MAIN) || type.endsWith(TEMPLATE_MAIN)
                || type.endsWith(MACRO_TEMPLATE_MAIN))) {
            String what = type.contains("wordprocessingml") ? "a Word document"
                    : type.contains("presentationml") ? "a PowerPoint presentation" : "not an Excel workbook";
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The file is " + what + " (" + type
                    + "), not an .xlsx workbook");
        }
        return part;
    }

    private static PackageRelationship first(PackageRelationshipCollection relationships) {
        return relationships == null || relationships.size() == 0 ? null : relationships.getRelationship(0);
    }

    private static PackagePart related(PackagePart workbook, String typeSuffix) throws InvalidFormatException {
        for (PackageRelationship relationship : workbook.getRelationships()) {
            if (relationship.getTargetMode() != TargetMode.EXTERNAL
                    && relationship.getRelationshipType().endsWith(typeSuffix)) {
                return workbook.getRelatedPart(relationship);
            }
        }
        return null;
    }

    private static XMLInputFactory newXmlFactory() {
        // Namespace aware, no DTD, no external entities: a billion-laughs or XXE document fails to parse
        XMLInputFactory factory = XMLHelper.newXMLInputFactory();
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    // ---- workbook.xml: the sheets, and the date system ---------------------------------------------------------

    private record SheetEntry(String name, boolean visible, PackageRelationship relationship) {
        boolean worksheet() {
            return relationship != null && relationship.getRelationshipType().endsWith("/worksheet");
        }
    }

    private List<SheetEntry> readWorkbook(PackagePart workbook) throws IOException, XMLStreamException,
            InvalidFormatException {
        List<SheetEntry> sheets = new ArrayList<>();
        try (InputStream in = workbook.getInputStream()) {
            XMLStreamReader reader = newXmlFactory().createXMLStreamReader(in);
            try {
                while (reader.hasNext()) {
                    if (reader.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    switch (reader.getLocalName()) {
                        case "workbookPr" -> {
                            String flag = attribute(reader, "date1904");
                            date1904 = "1".equals(flag) || "true".equalsIgnoreCase(flag);
                        }
                        case "sheet" -> {
                            if (sheets.size() == MAX_SHEETS) {
                                throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The workbook lists more than "
                                        + MAX_SHEETS + " sheets");
                            }
                            String id = null;
                            for (int i = 0; i < reader.getAttributeCount(); i++) {
                                String ns = reader.getAttributeNamespace(i);
                                if ("id".equals(reader.getAttributeLocalName(i)) && ns != null
                                        && ns.contains("relationships")) {
                                    id = reader.getAttributeValue(i);
                                }
                            }
                            String state = attribute(reader, "state");
                            PackageRelationship relationship = id == null ? null : workbook.getRelationship(id);
                            sheets.add(new SheetEntry(String.valueOf(attribute(reader, "name")),
                                    state == null || "visible".equals(state), relationship));
                        }
                        default -> {
                        }
                    }
                }
            } finally {
                reader.close();
            }
        }
        return sheets;
    }

    private static SheetEntry choose(List<SheetEntry> sheets, String wanted) {
        List<SheetEntry> worksheets = sheets.stream().filter(SheetEntry::worksheet).toList();
        if (worksheets.isEmpty()) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The workbook has no worksheet");
        }
        List<SheetEntry> visible = worksheets.stream().filter(SheetEntry::visible).toList();
        if (wanted == null || wanted.isBlank()) {
            return visible.isEmpty() ? worksheets.get(0) : visible.get(0);
        }
        String name = wanted.strip();
        for (SheetEntry sheet : sheets) {
            if (sheet.name().strip().equalsIgnoreCase(name)) {
                if (!sheet.worksheet()) {
                    throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Sheet '" + sheet.name()
                            + "' is a chart or macro sheet, not a worksheet with rows");
                }
                return sheet;
            }
        }
        if (name.matches("\\d{1,4}")) {
            int position = Integer.parseInt(name);
            if (position >= 1 && position <= visible.size()) {
                return visible.get(position - 1);
            }
        }
        String names = visible.stream().limit(20).map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        throw JobFailure.permanent("SHEET_NOT_FOUND", "The workbook has no sheet '" + name + "' (its sheets: "
                + names + (visible.size() > 20 ? ", ..." : "") + "; give a name or a position from 1 to "
                + visible.size() + ")");
    }

    // ---- styles.xml: which number format each cell style uses --------------------------------------------------

    /** Cell style (the {@code s} attribute) → number format id → format code. */
    private static final class Styles {
        /** More cell styles than Excel allows (64,000) are ignored, so a bloated file cannot exhaust memory. */
        static final int MAX_STYLES = 65_536;
        final Map<Integer, String> customFormats = new HashMap<>();
        int[] formatOfStyle = new int[16];
        int styleCount;

        int formatId(int style) {
            return style >= 0 && style < styleCount ? formatOfStyle[style] : 0;
        }

        String formatCode(int formatId) {
            String custom = customFormats.get(formatId);
            return custom != null ? custom : BuiltinFormats.getBuiltinFormat(formatId);
        }

        void addStyle(int formatId) {
            if (styleCount == MAX_STYLES) {
                return;
            }
            if (styleCount == formatOfStyle.length) {
                formatOfStyle = Arrays.copyOf(formatOfStyle, styleCount * 2);
            }
            formatOfStyle[styleCount++] = formatId;
        }
    }

    private static Styles readStyles(PackagePart part) throws IOException, XMLStreamException {
        Styles styles = new Styles();
        if (part == null) {
            return styles;
        }
        try (InputStream in = part.getInputStream()) {
            XMLStreamReader reader = newXmlFactory().createXMLStreamReader(in);
            try {
                boolean inCellXfs = false;
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        switch (reader.getLocalName()) {
                            case "numFmt" -> {
                                Integer id = parseInt(attribute(reader, "numFmtId"));
                                String code = attribute(reader, "formatCode");
                                // Excel allows 255 characters; a longer code is a crafted file's, and reads as General
                                if (id != null && code != null && code.length() <= 1024
                                        && styles.customFormats.size() < Styles.MAX_STYLES) {
                                    styles.customFormats.put(id, code);
                                }
                            }
                            case "cellXfs" -> inCellXfs = true;
                            case "xf" -> {
                                if (inCellXfs) {
                                    Integer id = parseInt(attribute(reader, "numFmtId"));
                                    styles.addStyle(id == null ? 0 : id);
                                }
                            }
                            default -> {
                            }
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT && "cellXfs".equals(reader.getLocalName())) {
                        inCellXfs = false;
                    }
                }
            } finally {
                reader.close();
            }
        }
        return styles;
    }

    // ---- sharedStrings.xml -------------------------------------------------------------------------------------

    private SharedStrings readSharedStrings(PackagePart part, long inMemory) throws IOException, XMLStreamException {
        SharedStrings table = new SharedStrings(inMemory);
        if (part == null) {
            return table;
        }
        try (InputStream in = part.getInputStream()) {
            XMLStreamReader reader = newXmlFactory().createXMLStreamReader(in);
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT && "si".equals(reader.getLocalName())) {
                        table.add(richText(reader, "si"));
                    }
                }
            } finally {
                reader.close();
            }
        }
        table.finish();
        return table;
    }

    /**
     * The shared strings, in order. The first ones (up to a heap budget) are held in memory; once the budget is
     * spent, the rest go to a temp file of UTF-8 bytes with a second file of 8-byte offsets, and are read back by
     * position (through a small cache, since columns like country repeat the same few strings).
     */
    private final class SharedStrings implements Closeable {
        private static final int CACHE_SIZE = 4096;
        private final List<String> memory = new ArrayList<>();
        private long budget;
        private int spilled;
        private long spilledBytes;
        private DataOutputStream dataOut;
        private DataOutputStream indexOut;
        private FileChannel data;
        private FileChannel index;
        private Path dataFile;
        private Path indexFile;
        private final ByteBuffer offsets = ByteBuffer.allocate(16);
        private ByteBuffer text = ByteBuffer.allocate(8192);
        private final Map<Integer, String> cache = new LinkedHashMap<>(CACHE_SIZE * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
                return size() > CACHE_SIZE;
            }
        };

        SharedStrings(long budget) {
            this.budget = budget;
        }

        void add(String value) throws IOException {
            long cost = 48L + 2L * value.length();
            if (dataOut == null && cost <= budget) {
                memory.add(value);
                budget -= cost;
                return;
            }
            if (dataOut == null) {
                dataFile = tempFile(".strings");
                indexFile = tempFile(".offsets");
                dataOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dataFile), 64 * 1024));
                indexOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(indexFile), 64 * 1024));
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            indexOut.writeLong(spilledBytes);
            dataOut.write(bytes);
            spilledBytes += bytes.length;
            spilled++;
        }

        void finish() throws IOException {
            if (dataOut == null) {
                return;
            }
            indexOut.writeLong(spilledBytes);
            dataOut.close();
            indexOut.close();
            dataOut = null;
            indexOut = null;
            data = FileChannel.open(dataFile, StandardOpenOption.READ);
            index = FileChannel.open(indexFile, StandardOpenOption.READ);
        }

        int size() {
            return memory.size() + spilled;
        }

        String get(int i) throws IOException {
            if (i < memory.size()) {
                return memory.get(i);
            }
            String cached = cache.get(i);
            if (cached != null) {
                return cached;
            }
            int k = i - memory.size();
            offsets.clear();
            readFully(index, offsets, 8L * k);
            long start = offsets.getLong(0);
            int length = (int) (offsets.getLong(8) - start);
            if (text.capacity() < length) {
                text = ByteBuffer.allocate(length);
            }
            text.clear().limit(length);
            readFully(data, text, start);
            String value = new String(text.array(), 0, length, StandardCharsets.UTF_8);
            cache.put(i, value);
            return value;
        }

        private void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
            long at = position;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw new IOException("Shared strings temp file is shorter than expected");
                }
                at += n;
            }
        }

        @Override
        public void close() throws IOException {
            for (Closeable c : new Closeable[] {dataOut, indexOut, data, index}) {
                if (c != null) {
                    c.close();
                }
            }
            memory.clear();
            cache.clear();
        }
    }

    /**
     * The text of a rich-text element ({@code si} or {@code is}): its {@code t} elements, runs included, phonetic
     * guides ({@code rPh}) left out, {@code _xHHHH_} escapes decoded, cut at {@link #MAX_CELL_CHARS}.
     */
    private static String richText(XMLStreamReader reader, String element) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int phonetic = 0;
        boolean inText = false;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = reader.getLocalName();
                if ("rPh".equals(name)) {
                    phonetic++;
                } else if ("t".equals(name)) {
                    inText = true;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = reader.getLocalName();
                if ("rPh".equals(name)) {
                    phonetic--;
                } else if ("t".equals(name)) {
                    inText = false;
                } else if (element.equals(name)) {
                    break;
                }
            } else if (inText && phonetic == 0 && isText(event)) {
                append(text, reader);
            }
        }
        return decodeEscapes(text);
    }

    private static boolean isText(int event) {
        return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                || event == XMLStreamConstants.SPACE;
    }

    private static void append(StringBuilder text, XMLStreamReader reader) {
        int room = MAX_CELL_CHARS - text.length();
        if (room > 0) {
            text.append(reader.getTextCharacters(), reader.getTextStart(), Math.min(room, reader.getTextLength()));
        }
    }

    /** OOXML writes characters XML cannot hold as {@code _xHHHH_} ({@code _x000D_} is a carriage return). */
    static String decodeEscapes(CharSequence text) {
        int at = indexOfEscape(text, 0);
        if (at < 0) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            out.append(text, from, at);
            out.append((char) Integer.parseInt(text.subSequence(at + 2, at + 6).toString(), 16));
            from = at + 7;
            at = indexOfEscape(text, from);
        }
        return out.append(text, from, text.length()).toString();
    }

    private static int indexOfEscape(CharSequence text, int from) {
        for (int i = from; i + 6 < text.length(); i++) {
            if (text.charAt(i) == '_' && text.charAt(i + 1) == 'x' && text.charAt(i + 6) == '_'
                    && isHex(text.charAt(i + 2)) && isHex(text.charAt(i + 3)) && isHex(text.charAt(i + 4))
                    && isHex(text.charAt(i + 5))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    // ---- the sheet ---------------------------------------------------------------------------------------------

    /** One row of the sheet as read: its number and its cells by column (null where there is none). */
    private static final class Row {
        long number;
        String[] cells = new String[16];
        int lastValue = -1;
        long chars;

        void put(int column, String value) {
            if (column >= cells.length) {
                cells = Arrays.copyOf(cells, Math.min(MAX_COLUMNS, Math.max(column + 1, cells.length * 2)));
            }
            cells[column] = value;
            chars += value.length();
            if (!value.isBlank() && column > lastValue) {
                lastValue = column;
            }
        }

        boolean blank() {
            return lastValue < 0;
        }

        String[] values(int width) {
            String[] values = new String[Math.max(width, lastValue + 1)];
            for (int i = 0; i < values.length; i++) {
                String cell = i < cells.length ? cells[i] : null;
                values[i] = cell == null ? "" : cell;
            }
            return values;
        }
    }

    private String[] readHeader() throws XMLStreamException, IOException {
        Row first = readRow();
        if (first == null) {
            throw JobFailure.permanent("EMPTY_FILE", "Sheet '" + sheetName + "' has no header row");
        }
        String[] names = first.values(0);
        for (int i = 0; i < names.length; i++) {
            names[i] = names[i].strip();
        }
        return names;
    }

    /** The next row with a non-blank value, or null after the last. */
    private Row readRow() throws XMLStreamException, IOException {
        if (ended) {
            return null;
        }
        Row row = null;
        int column = -1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("row".equals(name)) {
                    row = new Row();
                    Long number = parseLong(attribute(xml, "r"));
                    // Rows are numbered upwards in every file Excel writes; keep it so, for checkpoints
                    row.number = number == null || number <= previousRow ? previousRow + 1 : number;
                    previousRow = row.number;
                    column = -1;
                } else if ("c".equals(name) && row != null) {
                    String reference = attribute(xml, "r");
                    column = reference == null ? column + 1 : column(reference, row.number);
                    if (column >= MAX_COLUMNS) {
                        throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + row.number + " of sheet '"
                                + sheetName + "' has a cell beyond column XFD, the last Excel allows");
                    }
                    String value = cell(attribute(xml, "t"), attribute(xml, "s"), row.number);
                    if (value != null && !value.isEmpty()) {
                        row.put(column, value);
                        if (row.chars > MAX_ROW_CHARS) {
                            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + row.number + " of sheet '"
                                    + sheetName + "' holds more than " + MAX_ROW_CHARS + " characters");
                        }
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = xml.getLocalName();
                if ("row".equals(name) && row != null) {
                    if (!row.blank()) {
                        return row;
                    }
                    row = null;
                } else if ("sheetData".equals(name)) {
                    break;
                }
            }
        }
        ended = true;
        return null;
    }

    /** Reads a {@code c} element to its end; its value as the user typed it, or null when it has none. */
    private String cell(String type, String style, long rowNumber) throws XMLStreamException, IOException {
        String raw = null;
        String inline = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("v".equals(name)) {
                    raw = elementText();
                } else if ("is".equals(name)) {
                    inline = richText(xml, "is");
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "c".equals(xml.getLocalName())) {
                break;
            }
        }
        if (type == null || "n".equals(type)) {
            return raw == null || raw.isBlank() ? null : number(raw.strip(), style);
        }
        return switch (type) {
            case "s" -> sharedString(raw, rowNumber);
            case "inlineStr" -> inline != null ? inline : raw == null ? null : decodeEscapes(raw);
            case "str" -> raw == null ? null : decodeEscapes(raw);
            case "b" -> raw == null ? null : "1".equals(raw.strip()) || "true".equalsIgnoreCase(raw.strip())
                    ? "TRUE" : "FALSE";
            case "d" -> raw == null ? null : isoDate(raw.strip());
            default -> raw; // "e": the error as Excel shows it, such as #N/A
        };
    }

    /** The text of a simple element ({@code v}), read to its end, cut at {@link #MAX_CELL_CHARS}. */
    private String elementText() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth-- == 0) {
                    break;
                }
            } else if (isText(event)) {
                append(text, xml);
            }
        }
        return text.toString();
    }

    private String sharedString(String raw, long rowNumber) throws IOException {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Integer i = parseInt(raw.strip());
        if (i == null || i < 0 || i >= strings.size()) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + rowNumber + " of sheet '" + sheetName
                    + "' refers to shared string " + raw.strip() + ", which the workbook does not have");
        }
        return strings.get(i);
    }

    /** An ISO 8601 date cell ({@code t="d"}): the date alone when it has no time of day. */
    private static String isoDate(String raw) {
        String value = raw.endsWith("Z") ? raw.substring(0, raw.length() - 1) : raw;
        if (value.length() > 10 && value.charAt(10) == 'T' && value.substring(11).matches("00:00(:00(\\.0+)?)?")) {
            return value.substring(0, 10);
        }
        return value;
    }

    private enum DateKind { NOT_A_DATE, DATE, DATE_TIME, TIME, ELAPSED }

    /** A numeric cell as the user typed it (General) or sees it (any other number format; dates as ISO). */
    private String number(String raw, String style) {
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
        Integer styleIndex = parseInt(style);
        int formatId = styles.formatId(styleIndex == null ? 0 : styleIndex);
        String format = styles.formatCode(formatId);
        if (format == null || formatId == 0 || "General".equalsIgnoreCase(format.strip()) || "@".equals(format)) {
            return formulaBar(raw, value);
        }
        DateKind kind = dateKinds.computeIfAbsent(formatId, id -> dateKind(id, format));
        if (kind == DateKind.DATE && value >= 61 && value < 2_958_466 && value == Math.rint(value)) {
            // The common case, a whole day after 1900-02-28 (past Excel's phantom 1900-02-29): no need for POI
            return (date1904 ? EPOCH_1904 : EPOCH_1900).plusDays((long) value).toString();
        }
        if (kind != DateKind.NOT_A_DATE && kind != DateKind.ELAPSED && DateUtil.isValidExcelDate(value)) {
            LocalDateTime at = DateUtil.getLocalDateTime(value, date1904, true);
            if (at != null) {
                return switch (kind) {
                    case DATE -> at.toLocalDate().toString();
                    case DATE_TIME -> at.format(ISO_DATE_TIME);
                    default -> at.toLocalTime().format(ISO_TIME);
                };
            }
        }
        try {
            return formatter.formatRawCellContents(value, formatId, format, date1904);
        } catch (RuntimeException unformattable) {
            return formulaBar(raw, value);
        }
    }

    /** What Excel's formula bar shows for a number: at most 15 significant digits, no exponent, no trailing zeros. */
    private static String formulaBar(String raw, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || PLAIN_INTEGER.matcher(raw).matches()) {
            return raw;
        }
        BigDecimal exact;
        try {
            exact = new BigDecimal(raw);
        } catch (NumberFormatException javaOnlySyntax) {
            exact = new BigDecimal(value);
        }
        exact = exact.round(FORMULA_BAR).stripTrailingZeros();
        return exact.signum() == 0 ? "0" : exact.toPlainString();
    }

    private static DateKind dateKind(int formatId, String format) {
        if (!DateUtil.isADateFormat(formatId, format)) {
            return DateKind.NOT_A_DATE;
        }
        // Only the first section (positive numbers) matters for a date; drop literals, escapes and [colour]/[$-locale]
        String section = format.split(";", 2)[0];
        StringBuilder codes = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < section.length(); i++) {
            char c = section.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (c == '\\' || c == '_' || c == '*') {
                i++;
            } else if (c == '[') {
                int close = section.indexOf(']', i);
                String bracket = close < 0 ? "" : section.substring(i + 1, close).toLowerCase(Locale.ROOT);
                if (bracket.matches("h+|m+|s+")) {
                    return DateKind.ELAPSED;
                }
                i = close < 0 ? section.length() : close;
            } else {
                codes.append(Character.toLowerCase(c));
            }
        }
        boolean date = codes.indexOf("y") >= 0 || codes.indexOf("d") >= 0;
        boolean time = codes.indexOf("h") >= 0 || codes.indexOf("s") >= 0;
        return date && time ? DateKind.DATE_TIME : time ? DateKind.TIME : DateKind.DATE;
    }

    /** The 0-based column of a cell reference such as {@code AB12}. */
    private int column(String reference, long rowNumber) {
        int column = 0;
        int letters = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = Character.toUpperCase(reference.charAt(i));
            if (c < 'A' || c > 'Z') {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
            if (++letters > 3) {
                column = MAX_COLUMNS + 1;
                break;
            }
        }
        if (letters == 0) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + rowNumber + " of sheet '" + sheetName
                    + "' has a cell with the reference '" + reference + "', which names no column");
        }
        return column - 1;
    }

    private static String attribute(XMLStreamReader reader, String localName) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (localName.equals(reader.getAttributeLocalName(i))) {
                return reader.getAttributeValue(i);
            }
        }
        return null;
    }

    private static Integer parseInt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- failures ----------------------------------------------------------------------------------------------

    private JobFailure malformed(XMLStreamException e) {
        if (isBomb(e)) {
            return bomb(e);
        }
        return JobFailure.permanent("UNSUPPORTED_FORMAT", "The workbook's XML is malformed"
                + (previousRow > 0 ? " near row " + previousRow : "") + ": " + e.getMessage());
    }

    /** An I/O failure reading the local copy: the zip's, unless it is the disk's (then it may be retried). */
    private static IOException unreadable(IOException e) {
        if (isBomb(e)) {
            throw bomb(e);
        }
        if (e instanceof ZipException || e instanceof EOFException || thrownByDecompressor(e)) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The workbook's zip archive is damaged: " + e.getMessage());
        }
        return e;
    }

    /**
     * A decompressor's complaint about its data (an entry claiming BZip2 that is not, say): the archive is
     * damaged. Other I/O errors are left as they are; the workbook is a local copy by then, but a disk can fail.
     */
    private static boolean thrownByDecompressor(IOException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("org.apache.commons.compress.");
    }

    private static JobFailure unsupported(Exception e) {
        if (e instanceof JobFailure failure) {
            return failure;
        }
        if (e instanceof OLE2NotOfficeXmlFileException) {
            return JobFailure.permanent("UNSUPPORTED_FORMAT", ImportFormat.OLE2_MESSAGE);
        }
        if (e instanceof ODFNotOfficeXmlFileException) {
            return JobFailure.permanent("UNSUPPORTED_FORMAT",
                    "The file is an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV");
        }
        if (isBomb(e)) {
            return bomb(e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new JobFailure("UNSUPPORTED_FORMAT", "The file is not a readable .xlsx workbook: " + detail, false, e);
    }

    private static boolean isBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("Zip bomb") || message.contains("MAX_ENTRY_SIZE")
                    || message.contains("MAX_FILE_COUNT") || message.contains("max file count"))) {
                return true;
            }
        }
        return false;
    }

    private static JobFailure bomb(Throwable e) {
        return new JobFailure("UNSUPPORTED_FORMAT", "The workbook unpacks to far more data than a spreadsheet "
                + "holds (a zip bomb?), so it was not read", false, e);
    }
}
