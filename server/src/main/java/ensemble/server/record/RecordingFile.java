package ensemble.server.record;

import ensemble.v1.RecordingEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The exported recording file: gzip of length-delimited {@link RecordingEntry} messages (varint32
 * length, then the bytes), the first one a header. {@code recording.proto} documents the entries;
 * {@code docs/review.md} the file.
 */
public final class RecordingFile {
    /** The header's format string of files this version writes and reads. */
    public static final String FORMAT = "ensemble-recording/1";
    /** Most entries a file may hold when imported (a five-hour session at 10 frames a second). */
    public static final int MAX_ENTRIES = 200_000;
    /** Largest uncompressed size accepted on import. */
    public static final long MAX_UNCOMPRESSED_BYTES = 256L * 1024 * 1024;

    private RecordingFile() {
    }

    public static byte[] write(Recording recording) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            for (RecordingEntry entry : recording.entries()) {
                entry.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a file; a malformed or oversized one is an {@link IllegalArgumentException} saying why. */
    public static Recording read(byte[] file) {
        List<RecordingEntry> entries = new ArrayList<>();
        try (InputStream in = new Bounded(new GZIPInputStream(new ByteArrayInputStream(file)), MAX_UNCOMPRESSED_BYTES)) {
            RecordingEntry entry;
            while ((entry = RecordingEntry.parseDelimitedFrom(in)) != null) {
                if (entries.size() >= MAX_ENTRIES) {
                    throw new IllegalArgumentException("a recording holds at most " + MAX_ENTRIES + " entries");
                }
                entries.add(entry);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a recording file (gzip of length-delimited entries): " + e.getMessage());
        }
        if (entries.isEmpty() || !entries.get(0).hasHeader()) {
            throw new IllegalArgumentException("a recording starts with its header");
        }
        if (!FORMAT.equals(entries.get(0).getHeader().getFormat())) {
            throw new IllegalArgumentException("unknown recording format '" + entries.get(0).getHeader().getFormat() + "'");
        }
        return Recording.of(entries);
    }

    /** Stops reading past a size, so a small gzip cannot expand into the whole memory. */
    private static final class Bounded extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > limit) {
                throw new IOException("more than " + limit + " bytes uncompressed");
            }
        }
    }
}
