package io.lading.imports.control;

import io.lading.imports.entity.SourceRow;
import io.lading.jobs.control.JobFailure;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.xmlbeans.XmlException;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Records of one worksheet of an .xlsx workbook: the first visible worksheet, or the one a {@code sheet} setting
 * names (a sheet name, ignoring case, or a 1-based position among the visible worksheets).
 *
 * <p>Memory stays bounded whatever the size of the sheet. The stream (S3's is not seekable, and a zip keeps its
 * directory at the end) is first copied to a temp file; POI's OPC package reader then reads the parts from it with
 * its zip-bomb checks ({@code ZipSecureFile}: an entry inflating more than 100 times its compressed size, an entry
 * over 4 GB or more than 1000 entries fail). POI reads the workbook's sheet list and its styles, and its event
 * reader ({@link XSSFSheetXMLHandler}) turns the sheet's cells into values; no workbook model is built. The sheet
 * is pulled through it one row at a time from a StAX parser (DTDs and external entities off), so a row is read
 * when the import asks for it. Shared strings: {@link SpilledStrings}, which keeps 16 MiB of them in memory by
 * default and the rest in temp files. Every temp file is deleted on {@link #close()}.
 *
 * <p>Values come out as the user typed them: text as is ({@code 00123} stays {@code 00123}); numbers and dates as
 * {@link CellDisplay} shows them ({@code 1000}, {@code 1,000}, {@code 2024-01-15}); booleans as
 * {@code TRUE}/{@code FALSE}; errors as shown ({@code #N/A}); formulas as their last computed value.
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
    /** Shared strings kept in memory before the rest goes to a temp file (estimated heap bytes). */
    static final long DEFAULT_STRINGS_IN_MEMORY = 16L << 20;


    private final List<Path> tempFiles = new ArrayList<>();
    private final Rows rows = new Rows();
    private final AttributesImpl attributes = new AttributesImpl();
    private OPCPackage pkg;
    private SpilledStrings strings;
    private XSSFSheetXMLHandler cells;
    private BoundedInputStream sheetBytes;
    private XMLStreamReader xml;
    private long sheetSize;
    private long fileSize;
    private String sheetName;
    private String[] header;
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
                pkg = XlsxPackage.open(spool);
                PackagePart workbook = XlsxPackage.workbookPart(pkg);
                XlsxPackage.Sheets sheets = XlsxPackage.readWorkbook(workbook);
                XlsxPackage.SheetEntry chosen = XlsxPackage.choose(sheets.sheets(), sheet);
                sheetName = chosen.name();
                StylesTable styles = readStyles(XlsxPackage.related(workbook, "/styles"));
                strings = new SpilledStrings(stringsInMemory, this::tempFile);
                PackagePart sharedStrings = XlsxPackage.related(workbook, "/sharedStrings");
                if (sharedStrings != null) {
                    try (InputStream xmlIn = sharedStrings.getInputStream()) {
                        strings.read(xmlIn, MAX_CELL_CHARS);
                    }
                }
                cells = new XSSFSheetXMLHandler(styles, null, strings, rows, new CellDisplay(sheets.date1904()), false);
                PackagePart sheetPart = workbook.getRelatedPart(chosen.relationship());
                sheetSize = sheetPart.getSize();
                sheetBytes = BoundedInputStream.builder().setInputStream(sheetPart.getInputStream()).get();
                xml = newXmlFactory().createXMLStreamReader(sheetBytes);
                header = readHeader();
            } catch (XMLStreamException e) {
                throw XlsxPackage.malformed(e, rows.previousRow);
            } catch (IOException e) {
                throw XlsxPackage.unreadable(e);
            } catch (SAXException | RuntimeException e) {
                throw readingFailure(e);
            } catch (InvalidFormatException | XmlException e) {
                throw XlsxPackage.unsupported(e);
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
            throw XlsxPackage.malformed(e, rows.previousRow);
        } catch (SAXException | RuntimeException e) {
            throw readingFailure(e);
        }
    }

    /** What went wrong in POI's sheet reader: the sheet's fault, or (a spilled string) the temp file's. */
    private IOException readingFailure(Exception e) throws IOException {
        if (e instanceof SpilledStrings.MissingString) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + rows.previousRow + " of sheet '" + sheetName
                    + "' refers to shared string " + e.getMessage() + ", which the workbook does not have");
        }
        IOException spilled = e instanceof RuntimeException r ? SpilledStrings.spillFailure(r) : null;
        if (spilled != null) {
            return spilled;
        }
        throw XlsxPackage.unsupported(e);
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
            return Math.min(sheetBytes.getCount(), fileSize);
        }
        double share = Math.min(1.0, (double) sheetBytes.getCount() / sheetSize);
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

    private static XMLInputFactory newXmlFactory() {
        // Namespace aware, no DTD, no external entities: a billion-laughs or XXE document fails to parse
        XMLInputFactory factory = XMLHelper.newXMLInputFactory();
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    /**
     * The cell styles; a cell whose style the workbook does not have (or a workbook without styles) reads as
     * General, as Excel shows it, rather than as the raw XML number.
     */
    private static StylesTable readStyles(PackagePart part) {
        try {
            Styles styles = part == null ? new Styles() : new Styles(part);
            return styles.getNumCellStyles() == 0 ? new Styles() : styles;
        } catch (IOException e) {
            // POI gives the styles part's XML errors as bare I/O errors; the part is read from the local copy
            throw XlsxPackage.isBomb(e) ? XlsxPackage.bomb(e) : JobFailure.permanent("UNSUPPORTED_FORMAT",
                    "The workbook's styles cannot be read: " + e.getMessage());
        }
    }

    /** POI's styles, each cell style made once: the sheet reader asks for one for every numeric cell. */
    private static final class Styles extends StylesTable {
        private final Map<Integer, XSSFCellStyle> made = new HashMap<>();

        Styles() {
        }

        Styles(PackagePart part) throws IOException {
            super(part);
        }

        @Override
        public XSSFCellStyle getStyleAt(int index) {
            int known = index >= 0 && index < getNumCellStyles() ? index : 0;
            return made.computeIfAbsent(known, super::getStyleAt);
        }
    }

    // ---- the sheet ---------------------------------------------------------------------------------------------

    /** One row of the sheet as read: its number and its cells by column (null where there is none). */
    private static final class Row {
        final long number;
        String[] cells = new String[16];
        int lastValue = -1;
        long chars;

        Row(long number) {
            this.number = number;
        }

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

    /** Gathers the cells POI's sheet reader hands over into rows; {@link #ready} is a finished non-blank row. */
    private final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        long previousRow;
        Row row;
        Row ready;
        int column;
        /** The {@code t} attribute of the cell being read (POI shows errors as "ERROR:#N/A", ISO dates raw). */
        String cellType;

        @Override
        public void startRow(int rowIndex) {
            long number = rowIndex + 1L;
            // Rows are numbered upwards in every file Excel writes; keep it so, for checkpoints
            row = new Row(number <= previousRow ? previousRow + 1 : number);
            previousRow = row.number;
            column = -1;
        }

        @Override
        public void cell(String reference, String shown, XSSFComment comment) {
            if (row == null) {
                return;
            }
            column = reference == null ? column + 1 : column(reference, row.number);
            if (column >= MAX_COLUMNS) {
                throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + row.number + " of sheet '" + sheetName
                        + "' has a cell beyond column XFD, the last Excel allows");
            }
            String value = shown;
            if (value != null && "e".equals(cellType) && value.startsWith("ERROR:")) {
                value = value.substring("ERROR:".length());
            } else if (value != null && "d".equals(cellType)) {
                value = isoDate(value.strip());
            } else if (value != null && "str".equals(cellType)) {
                value = new XSSFRichTextString(value).getString();
            }
            if (value == null || value.isEmpty()) {
                return;
            }
            row.put(column, value.length() > MAX_CELL_CHARS ? value.substring(0, MAX_CELL_CHARS) : value);
            if (row.chars > MAX_ROW_CHARS) {
                throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + row.number + " of sheet '" + sheetName
                        + "' holds more than " + MAX_ROW_CHARS + " characters");
            }
        }

        @Override
        public void endRow(int rowIndex) {
            if (row != null && !row.blank()) {
                ready = row;
            }
            row = null;
        }

        @Override
        public void endSheet() {
            ended = true;
        }
    }

    private String[] readHeader() throws XMLStreamException, SAXException {
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

    /**
     * The next row with a non-blank value, or null after the last: the sheet's XML events are handed to POI's
     * reader until it has finished such a row. Text beyond what a cell may hold is not passed on.
     */
    private Row readRow() throws XMLStreamException, SAXException {
        int cellChars = 0;
        while (!ended && rows.ready == null) {
            if (!xml.hasNext()) {
                ended = true;
                break;
            }
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = xml.getLocalName();
                    attributes.clear();
                    // POI's reader looks at the attributes of these three only (v, is and t have none it needs)
                    boolean needed = "c".equals(name) || "row".equals(name) || "f".equals(name);
                    for (int i = 0; needed && i < xml.getAttributeCount(); i++) {
                        String local = xml.getAttributeLocalName(i);
                        String prefix = xml.getAttributePrefix(i);
                        String namespace = xml.getAttributeNamespace(i);
                        attributes.addAttribute(namespace == null ? "" : namespace, local,
                                prefix == null || prefix.isEmpty() ? local : prefix + ":" + local, "CDATA",
                                xml.getAttributeValue(i));
                    }
                    if ("c".equals(name)) {
                        rows.cellType = attributes.getValue("t");
                        cellChars = 0;
                    }
                    cells.startElement(xml.getNamespaceURI(), name, name, attributes);
                }
                case XMLStreamConstants.END_ELEMENT -> cells.endElement(xml.getNamespaceURI(), xml.getLocalName(),
                        xml.getLocalName());
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    int length = Math.min(xml.getTextLength(), 2 * MAX_CELL_CHARS - cellChars);
                    if (length > 0) {
                        cells.characters(xml.getTextCharacters(), xml.getTextStart(), length);
                        cellChars += length;
                    }
                }
                default -> {
                }
            }
        }
        Row row = rows.ready;
        rows.ready = null;
        return row;
    }

    /** An ISO 8601 date cell ({@code t="d"}): the date alone when it has no time of day. */
    private static String isoDate(String raw) {
        String value = raw.endsWith("Z") ? raw.substring(0, raw.length() - 1) : raw;
        if (value.length() > 10 && value.charAt(10) == 'T' && value.substring(11).matches("00:00(:00(\\.0+)?)?")) {
            return value.substring(0, 10);
        }
        return value;
    }

    /** The 0-based column of a cell reference such as {@code AB12}. */
    private int column(String reference, long rowNumber) {
        int column = 0;
        int letters = 0;
        for (; letters < reference.length() && letters <= 3; letters++) {
            char c = Character.toUpperCase(reference.charAt(letters));
            if (c < 'A' || c > 'Z') {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
        }
        if (letters == 0) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "Row " + rowNumber + " of sheet '" + sheetName
                    + "' has a cell with the reference '" + reference + "', which names no column");
        }
        return letters > 3 ? MAX_COLUMNS : column - 1;
    }

}
