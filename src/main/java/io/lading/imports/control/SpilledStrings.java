package io.lading.imports.control;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.hssf.usermodel.HSSFRichTextString;
import org.apache.poi.ss.usermodel.RichTextString;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;

/**
 * A workbook's shared strings for POI's sheet reader, with a heap budget: POI's own tables hold every string in
 * memory, and a million-row sheet of distinct emails has a million of them. The first strings (up to the budget)
 * stay in memory; the rest go to a temp file of UTF-8 bytes with a second file of 8-byte offsets, and are read
 * back by position (through a small cache, since columns like country repeat the same few strings). Each string
 * is its {@code t} runs without phonetic guides ({@code rPh}), cut at {@code maxChars}, with POI decoding
 * the {@code _xHHHH_} escapes.
 */
final class SpilledStrings implements SharedStrings, Closeable {

    private static final int CACHE_SIZE = 4096;

    private final List<String> memory = new ArrayList<>();
    private final TempFiles tempFiles;
    private final ByteBuffer offsets = ByteBuffer.allocate(16);
    private final Map<Integer, String> cache = new LinkedHashMap<>(CACHE_SIZE * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private long budget;
    private int spilled;
    private long spilledBytes;
    private Path dataFile;
    private Path indexFile;
    private DataOutputStream dataOut;
    private DataOutputStream indexOut;
    private FileChannel data;
    private FileChannel index;
    private ByteBuffer text = ByteBuffer.allocate(8192);

    /** Makes a temp file that its owner deletes. */
    interface TempFiles {
        Path create(String suffix) throws IOException;
    }

    /** An empty table that keeps up to {@code budget} bytes (estimated heap) of strings in memory. */
    SpilledStrings(long budget, TempFiles tempFiles) {
        this.budget = budget;
        this.tempFiles = tempFiles;
    }

    /** Reads a {@code sharedStrings.xml} part: each {@code si}'s text, phonetic runs left out. */
    void read(InputStream in, int maxChars) throws IOException, XMLStreamException {
        // POI's StAX factory: no DTD, no external entities
        XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(in);
        try {
            StringBuilder item = new StringBuilder();
            boolean inText = false;
            int phonetic = 0;
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        switch (xml.getLocalName()) {
                            case "si" -> item.setLength(0);
                            case "t" -> inText = true;
                            case "rPh" -> phonetic++;
                            default -> {
                            }
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        switch (xml.getLocalName()) {
                            case "si" -> add(item.toString());
                            case "t" -> inText = false;
                            case "rPh" -> phonetic--;
                            default -> {
                            }
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        int room = maxChars - item.length();
                        if (inText && phonetic == 0 && room > 0) {
                            int length = Math.min(room, xml.getTextLength());
                            item.append(xml.getTextCharacters(), xml.getTextStart(), length);
                        }
                    }
                    default -> {
                    }
                }
            }
        } finally {
            xml.close();
        }
        finish();
    }

    private static final class UncheckedSpill extends RuntimeException {
        UncheckedSpill(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    void add(String value) throws IOException {
        if (value.contains("_x")) {
            value = new XSSFRichTextString(value).getString();   // POI decodes the _xHHHH_ escapes
        }
        long cost = 48L + 2L * value.length();
        if (dataOut == null && cost <= budget) {
            memory.add(value);
            budget -= cost;
            return;
        }
        if (dataOut == null) {
            dataFile = tempFiles.create(".strings");
            indexFile = tempFiles.create(".offsets");
            dataOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dataFile), 64 * 1024));
            indexOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(indexFile), 64 * 1024));
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        indexOut.writeLong(spilledBytes);
        dataOut.write(bytes);
        spilledBytes += bytes.length;
        spilled++;
    }

    private void finish() throws IOException {
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

    @Override
    public int getCount() {
        return size();
    }

    @Override
    public int getUniqueCount() {
        return size();
    }

    /** A sheet's reference to a string the table does not have. */
    static final class MissingString extends RuntimeException {
        MissingString(int index) {
            super(String.valueOf(index));
        }
    }

    @Override
    public RichTextString getItemAt(int i) {
        if (i < 0 || i >= size()) {
            throw new MissingString(i);
        }
        try {
            // The lightest RichTextString POI has (the sheet reader only asks it for its text), rather than an
            // XSSFRichTextString, which builds an XML bean for every cell
            return new HSSFRichTextString(get(i));
        } catch (IOException e) {
            throw new UncheckedSpill(e);
        }
    }

    /** An I/O failure reading a spilled string, as {@link #getItemAt} had to throw it. */
    static IOException spillFailure(RuntimeException e) {
        return e instanceof UncheckedSpill spill ? spill.getCause() : null;
    }

    private String get(int i) throws IOException {
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

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
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
