package ensemble.server.record;

import ensemble.v1.PoseFrame;
import ensemble.v1.RecordedEvent;
import ensemble.v1.RecordingEntry;
import ensemble.v1.RecordingHeader;
import ensemble.v1.WorldCheckpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole recording in memory: header, the event log, pose frames and keyframes, each in tick
 * order. Replay reads state at a tick from it; immutable once built.
 */
public record Recording(RecordingHeader header, List<RecordedEvent> events, List<PoseFrame> frames,
        List<WorldCheckpoint> keyframes) {

    public Recording {
        events = List.copyOf(events);
        frames = List.copyOf(frames);
        keyframes = List.copyOf(keyframes);
    }

    /** Sorts entries of any order into a recording; the first header wins. */
    public static Recording of(List<RecordingEntry> entries) {
        RecordingHeader header = null;
        List<RecordedEvent> events = new ArrayList<>();
        List<PoseFrame> frames = new ArrayList<>();
        List<WorldCheckpoint> keyframes = new ArrayList<>();
        for (RecordingEntry entry : entries) {
            switch (entry.getBodyCase()) {
                case HEADER -> header = header == null ? entry.getHeader() : header;
                case EVENT -> events.add(entry.getEvent());
                case FRAME -> frames.add(entry.getFrame());
                case KEYFRAME -> keyframes.add(entry.getKeyframe());
                default -> { }
            }
        }
        if (header == null) {
            throw new IllegalArgumentException("the recording has no header");
        }
        events.sort(Comparator.comparingLong(RecordedEvent::getSequence));
        frames.sort(Comparator.comparingInt(PoseFrame::getTick));
        keyframes.sort(Comparator.comparingInt(WorldCheckpoint::getTick));
        // A batch the writer retried may be stored twice: one entry per tick (per sequence) is kept.
        frames.removeIf(new Repeated<>(f -> (long) f.getTick()));
        keyframes.removeIf(new Repeated<>(k -> (long) k.getTick()));
        events.removeIf(new Repeated<>(RecordedEvent::getSequence));
        return new Recording(header, events, frames, keyframes);
    }

    /** True for an element whose key equals the previous element's (the list is sorted by that key). */
    private static final class Repeated<T> implements java.util.function.Predicate<T> {
        private final java.util.function.Function<T, Long> key;
        private Long last;

        Repeated(java.util.function.Function<T, Long> key) {
            this.key = key;
        }

        @Override
        public boolean test(T item) {
            Long k = key.apply(item);
            boolean repeated = k.equals(last);
            last = k;
            return repeated;
        }
    }

    /** Header, then keyframes, frames and events in that order (what a file holds). */
    public List<RecordingEntry> entries() {
        List<RecordingEntry> list = new ArrayList<>();
        list.add(RecordingEntry.newBuilder().setHeader(header).build());
        keyframes.forEach(k -> list.add(RecordingEntry.newBuilder().setKeyframe(k).build()));
        frames.forEach(f -> list.add(RecordingEntry.newBuilder().setFrame(f).build()));
        events.forEach(e -> list.add(RecordingEntry.newBuilder().setEvent(e).build()));
        return list;
    }

    /** The newest frame at or before {@code tick}, or null before the first. */
    public PoseFrame frameAt(long tick) {
        int lo = 0;
        int hi = frames.size() - 1;
        PoseFrame found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (frames.get(mid).getTick() <= tick) {
                found = frames.get(mid);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The newest keyframe taken at or before {@code tick}, or null. */
    public WorldCheckpoint keyframeAt(long tick) {
        WorldCheckpoint found = null;
        for (WorldCheckpoint k : keyframes) {
            if (k.getTick() <= tick) {
                found = k;
            }
        }
        return found;
    }

    /** The tick a moment falls on: the last frame at or before {@code startedAt + atMs}. */
    public long tickAt(long atMs) {
        long wall = header.getStartedAtMs() + atMs;
        long tick = frames.isEmpty() ? 0 : frames.get(0).getTick();
        for (PoseFrame f : frames) {
            if (f.getWallMs() > wall) {
                break;
            }
            tick = f.getTick();
        }
        return tick;
    }

    /** Scenario variables as set by the events up to and including {@code tick}. */
    public Map<String, String> variablesAt(long tick) {
        Map<String, String> values = new LinkedHashMap<>();
        for (RecordedEvent e : events) {
            if (e.getTick() > tick) {
                break;
            }
            if (e.getType().equals("variable")) {
                values.put(e.getDataOrDefault("name", ""), e.getDataOrDefault("value", ""));
            } else if (e.getType().equals("reset")) {
                values.clear();
            }
        }
        return values;
    }

    /** Length from the header's start to the last frame or event, milliseconds. */
    public long durationMs() {
        long last = header.getStartedAtMs();
        if (!frames.isEmpty()) {
            last = Math.max(last, frames.get(frames.size() - 1).getWallMs());
        }
        if (!events.isEmpty()) {
            last = Math.max(last, events.get(events.size() - 1).getWallMs());
        }
        return last - header.getStartedAtMs();
    }
}
