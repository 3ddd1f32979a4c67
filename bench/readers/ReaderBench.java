import com.opencsv.CSVReader;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.lading.contacts.entity.ContactColumn;
import io.lading.exports.control.ExportEncoder;
import io.lading.exports.entity.ExportFormat;
import io.lading.imports.control.XlsxRowSource;
import io.lading.imports.entity.SourceRow;
import java.io.FileReader;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Reader and encoder figures (see bench/readers/run): {@code xlsx-write CSV ROWS OUT} writes a workbook of ROWS
 * contacts cycling through the CSV's rows (POI's streaming writer, shared strings, numbers and dates typed);
 * {@code xlsx-read FILE} reads it through XlsxRowSource and prints rows/s with the heap's peaks;
 * {@code csv-encode CSV ROWS} encodes ROWS contacts as an export CSV to a discarding stream.
 */
public class ReaderBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "xlsx-write" -> writeXlsx(contacts(Path.of(args[1])), Integer.parseInt(args[2]), Path.of(args[3]));
            case "xlsx-read" -> readXlsx(Path.of(args[1]));
            case "csv-encode" -> encodeCsv(contacts(Path.of(args[1])), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** The CSV's rows (gen_contacts.py columns: email ... employees, created_on), header dropped, at most 20,000. */
    static List<String[]> contacts(Path csv) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (CSVReader reader = new CSVReader(new FileReader(csv.toFile(), StandardCharsets.UTF_8))) {
            reader.readNext();
            for (String[] row; rows.size() < 20_000 && (row = reader.readNext()) != null; ) {
                rows.add(row);
            }
        }
        return rows;
    }

    static void writeXlsx(List<String[]> contacts, int rows, Path out) throws Exception {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 100, true, true)) {
            Sheet sheet = wb.createSheet("Contacts");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            String[] header = {"email", "first_name", "last_name", "phone", "title", "company", "country", "city",
                    "employees", "created_on"};
            Row top = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                top.createCell(c).setCellValue(header[c]);
            }
            for (int i = 1; i <= rows; i++) {
                String[] contact = contacts.get((i - 1) % contacts.size());
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue(i + "." + contact[0]);   // distinct emails: a large shared strings table
                for (int c = 1; c < 8; c++) {
                    row.createCell(c).setCellValue(contact[c]);
                }
                if (!contact[8].isEmpty()) {
                    row.createCell(8).setCellValue(Double.parseDouble(contact[8]));
                }
                if (!contact[9].isEmpty()) {
                    Cell cell = row.createCell(9);
                    cell.setCellValue(LocalDate.parse(contact[9]));
                    cell.setCellStyle(date);
                }
            }
            try (OutputStream file = Files.newOutputStream(out)) {
                wb.write(file);
            }
            wb.dispose();
        }
        System.out.printf("wrote %,d rows to %s (%,d KB)%n", rows, out, Files.size(out) / 1024);
    }

    static void readXlsx(Path file) throws Exception {
        AtomicLong peakAfterGc = watchGc();
        AtomicLong peakUsed = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                peakUsed.accumulateAndGet(heap.getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        var threads = ManagementFactory.getThreadMXBean();
        long cpuStarted = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        long rows = 0;
        long chars = 0;
        try (XlsxRowSource source = new XlsxRowSource(Files.newInputStream(file))) {
            for (SourceRow row; (row = source.nextRow()) != null; rows++) {
                chars += row.values()[0].length();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        sampler.interrupt();
        // CPU time of the reading thread too: on a shared machine the wall clock mostly measures the neighbours
        System.out.printf("xlsx-read: %,d rows in %.1f s = %,.0f rows/s (thread CPU %.1f s = %,.0f rows per CPU s);"
                + " heap: max used %,d MB, max live after a GC %,d MB (-Xmx %,d MB) [%d]%n", rows, seconds,
                rows / seconds, cpu, rows / cpu, peakUsed.get() >> 20, peakAfterGc.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20, chars % 10);
    }

    /** The largest heap in use right after any collection: what the reader really keeps. */
    static AtomicLong watchGc() {
        AtomicLong peak = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed).sum();
                peak.accumulateAndGet(used, Math::max);
            }, null, null);
        }
        return peak;
    }

    static void encodeCsv(List<String[]> contacts, int rows) throws Exception {
        List<ContactColumn> columns = List.of(ContactColumn.EMAIL, ContactColumn.FIRST_NAME, ContactColumn.LAST_NAME,
                ContactColumn.PHONE, ContactColumn.TITLE, ContactColumn.COMPANY, ContactColumn.EMPLOYEES,
                ContactColumn.CREATED_ON);
        Object[][] values = new Object[contacts.size()][];
        for (int i = 0; i < values.length; i++) {
            String[] c = contacts.get(i);
            values[i] = new Object[] {c[0], c[1], c[2], c[3], c[4], c[5],
                    c[8].isEmpty() ? null : Integer.valueOf(c[8]), c[9].isEmpty() ? null : LocalDate.parse(c[9])};
        }
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long started = System.nanoTime();
            ExportEncoder encoder = ExportEncoder.of(ExportFormat.CSV, columns, OutputStream.nullOutputStream());
            encoder.begin(0);
            for (int i = 0; i < rows; i++) {
                encoder.row(values[i % values.length]);
            }
            encoder.end();
            best = Math.min(best, (System.nanoTime() - started) / 1_000_000);
        }
        System.out.printf("csv-encode: %,d rows, best of 5 runs %,d ms (%,.0f rows/s)%n", rows, best, rows * 1000.0 / best);
    }
}
