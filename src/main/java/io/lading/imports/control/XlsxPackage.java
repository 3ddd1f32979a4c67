package io.lading.imports.control;

import io.lading.jobs.control.JobFailure;
import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.ZipException;
import javax.xml.stream.XMLStreamException;
import org.apache.poi.ooxml.POIXMLTypeLoader;
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
import org.apache.xmlbeans.XmlException;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTSheet;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTWorkbook;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.STSheetState;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.WorkbookDocument;

/**
 * The .xlsx package around the sheet {@link XlsxRowSource} reads: opening it with POI (whose zip reader refuses
 * zip bombs), finding the workbook and the sheet to read, and naming what is wrong with a file that is not a
 * workbook we can read, as a {@link JobFailure} with the code {@code UNSUPPORTED_FORMAT} (legacy .xls, encrypted,
 * .xlsb, .ods, Strict Open XML, other documents, damaged zips, bombs).
 */
final class XlsxPackage {

    /** More sheets than any real workbook has; a longer list is a crafted file. */
    static final int MAX_SHEETS = 10_000;

    private static final String SPREADSHEET_MAIN = "spreadsheetml.sheet.main+xml";
    private static final String MACRO_MAIN = "ms-excel.sheet.macroenabled.main+xml";
    private static final String TEMPLATE_MAIN = "spreadsheetml.template.main+xml";
    private static final String MACRO_TEMPLATE_MAIN = "ms-excel.template.macroenabled.main+xml";
    private static final String XLSB_MAIN = "ms-excel.sheet.binary.macroenabled.main";

    private XlsxPackage() {
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

    /** The package in {@code file}, once its first bytes say it is a zip rather than a legacy .xls or text. */
    static OPCPackage open(Path file) throws IOException {
        checkMagic(file);
        return openPackage(file);
    }

    private static OPCPackage openPackage(Path file) {
        try {
            return OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | RuntimeException e) {
            throw unsupported(e);
        }
    }

    /** The workbook part, refusing packages that hold another kind of document. */
    static PackagePart workbookPart(OPCPackage pkg) {
        PackageRelationship main = first(pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT));
        if (main == null) {
            main = first(pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT));
        }
        PackagePart part = main == null ? null : pkg.getPart(main);
        if (part == null) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The file is a zip archive, not an .xlsx workbook");
        }
        String type = part.getContentType().toLowerCase(Locale.ROOT);
        if (pkg.isStrictOoxmlFormat()) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT",
                    "The file is a Strict Open XML workbook: save it as an Excel Workbook (.xlsx) or CSV");
        }
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

    static PackagePart related(PackagePart workbook, String typeSuffix) throws InvalidFormatException {
        for (PackageRelationship relationship : workbook.getRelationships()) {
            if (relationship.getTargetMode() != TargetMode.EXTERNAL
                    && relationship.getRelationshipType().endsWith(typeSuffix)) {
                return workbook.getRelatedPart(relationship);
            }
        }
        return null;
    }

    // ---- workbook.xml --------------------------------------------------------------------------------------------

    record SheetEntry(String name, boolean visible, PackageRelationship relationship) {
        boolean worksheet() {
            return relationship != null && relationship.getRelationshipType().endsWith("/worksheet");
        }
    }

    /** The workbook's sheets in its order, and whether it counts dates from 1904 (POI's workbook beans). */
    record Sheets(List<SheetEntry> sheets, boolean date1904) {
    }

    static Sheets readWorkbook(PackagePart workbook) throws IOException, XmlException {
        CTWorkbook book;
        try (InputStream in = workbook.getInputStream()) {
            book = WorkbookDocument.Factory.parse(in, POIXMLTypeLoader.DEFAULT_XML_OPTIONS).getWorkbook();
        }
        CTSheet[] listed = book.getSheets() == null ? new CTSheet[0] : book.getSheets().getSheetArray();
        if (listed.length > MAX_SHEETS) {
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The workbook lists more than " + MAX_SHEETS + " sheets");
        }
        List<SheetEntry> sheets = new ArrayList<>();
        for (CTSheet sheet : listed) {
            PackageRelationship relationship = sheet.getId() == null ? null : workbook.getRelationship(sheet.getId());
            sheets.add(new SheetEntry(String.valueOf(sheet.getName()),
                    sheet.getState() == null || sheet.getState() == STSheetState.VISIBLE, relationship));
        }
        return new Sheets(sheets, book.isSetWorkbookPr() && book.getWorkbookPr().getDate1904());
    }

    /**
     * The first visible worksheet, or the one {@code wanted} names: a sheet name, ignoring case, or a 1-based
     * position among the visible worksheets.
     */
    static SheetEntry choose(List<SheetEntry> sheets, String wanted) {
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

    // ---- failures ----------------------------------------------------------------------------------------------

    /** The sheet's XML is not well-formed (or is an XML bomb); {@code nearRow} is the last row begun, or 0. */
    static JobFailure malformed(XMLStreamException e, long nearRow) {
        if (isBomb(e)) {
            return bomb(e);
        }
        return JobFailure.permanent("UNSUPPORTED_FORMAT", "The workbook's XML is malformed"
                + (nearRow > 0 ? " near row " + nearRow : "") + ": " + e.getMessage());
    }

    /** An I/O failure reading the local copy: the zip's, unless it is the disk's (then it may be retried). */
    static IOException unreadable(IOException e) {
        if (isBomb(e)) {
            throw bomb(e);
        }
        if (e instanceof CharConversionException || e instanceof UnsupportedEncodingException) {
            // An XML part declaring an encoding it is not in, or one Java does not know
            throw JobFailure.permanent("UNSUPPORTED_FORMAT", "The workbook's XML is malformed: " + e.getMessage());
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

    static JobFailure unsupported(Exception e) {
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

    static boolean isBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("Zip bomb") || message.contains("MAX_ENTRY_SIZE")
                    || message.contains("MAX_FILE_COUNT") || message.contains("max file count"))) {
                return true;
            }
        }
        return false;
    }

    static JobFailure bomb(Throwable e) {
        return new JobFailure("UNSUPPORTED_FORMAT", "The workbook unpacks to far more data than a spreadsheet "
                + "holds (a zip bomb?), so it was not read", false, e);
    }
}
