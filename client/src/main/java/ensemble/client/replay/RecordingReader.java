package ensemble.client.replay;

import ensemble.v1.PoseFrame;
import ensemble.v1.RecordedEvent;
import ensemble.v1.RecordingEntry;
import ensemble.v1.RecordingHeader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads an after-action recording file (gzip of length-delimited {@code RecordingEntry}
 * messages, header first; see {@code docs/review.md}), bounded so a hostile file cannot exhaust
 * memory.
 */
public final class RecordingReader {
    /** Largest recording read, uncompressed. */
    public static final long MAX_UNCOMPRESSED_BYTES = 512L * 1024 * 1024;

    /** What a recording holds, in file order. */
    public record Contents(RecordingHeader header, List<PoseFrame> frames, List<RecordedEvent> events) {
    }

    private RecordingReader() {
    }

    public static Contents read(byte[] file) throws IOException {
        RecordingHeader header = null;
        List<PoseFrame> frames = new ArrayList<>();
        List<RecordedEvent> events = new ArrayList<>();
        try (InputStream in = new Bounded(new GZIPInputStream(new ByteArrayInputStream(file)))) {
            RecordingEntry entry;
            while ((entry = RecordingEntry.parseDelimitedFrom(in)) != null) {
                switch (entry.getBodyCase()) {
                    case HEADER -> header = entry.getHeader();
                    case FRAME -> frames.add(entry.getFrame());
                    case EVENT -> events.add(entry.getEvent());
                    default -> { }
                }
            }
        }
        if (header == null || !header.getFormat().startsWith("ensemble-recording/")) {
            throw new IOException("not an Ensemble recording (no header)");
        }
        if (frames.isEmpty()) {
            throw new IOException("the recording has no pose frames");
        }
        return new Contents(header, frames, events);
    }

    /** Stops reading past {@link #MAX_UNCOMPRESSED_BYTES}. */
    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > MAX_UNCOMPRESSED_BYTES) {
                throw new IOException("recording larger than " + MAX_UNCOMPRESSED_BYTES + " bytes uncompressed");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (read += n) > MAX_UNCOMPRESSED_BYTES) {
                throw new IOException("recording larger than " + MAX_UNCOMPRESSED_BYTES + " bytes uncompressed");
            }
            return n;
        }
    }
}
