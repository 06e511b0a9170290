package ensemble.server.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The session's recent events in memory (what happened, at which tick, by whom), bounded. The
 * durable, complete log is the session's event stream in Redis; this ring serves live views.
 * Tick thread only.
 */
public final class EventLog {
    public static final int DEFAULT_CAPACITY = 4096;

    /** One event: a type such as {@code grab} or {@code chat}, the tick, wall time, actor and fields. */
    public record Event(long sequence, String type, int tick, long wallMillis, String actor, Map<String, String> data) {
    }

    private final int capacity;
    private final Deque<Event> events = new ArrayDeque<>();
    private long sequence;

    public EventLog(int capacity) {
        this.capacity = capacity;
    }

    public Event append(String type, int tick, long wallMillis, String actor, Map<String, String> data) {
        Event event = new Event(++sequence, type, tick, wallMillis, actor, Map.copyOf(data));
        events.addLast(event);
        if (events.size() > capacity) {
            events.removeFirst();
        }
        return event;
    }

    /**
     * Starts the log of a session taken over from another node with its recorded history (the
     * newest events of its stream, oldest first, numbered as there); numbering goes on after the
     * last of them, so live views keep the whole history and never see a number twice.
     */
    public void seed(List<Event> history) {
        events.clear();
        int from = Math.max(0, history.size() - capacity);
        for (Event event : history.subList(from, history.size())) {
            events.addLast(event);
            sequence = Math.max(sequence, event.sequence());
        }
    }

    /** Events with a sequence number above {@code after}, oldest first. */
    public List<Event> since(long after) {
        List<Event> list = new ArrayList<>();
        for (Event event : events) {
            if (event.sequence() > after) {
                list.add(event);
            }
        }
        return list;
    }

    public List<Event> ofType(String type) {
        List<Event> list = new ArrayList<>();
        for (Event event : events) {
            if (event.type().equals(type)) {
                list.add(event);
            }
        }
        return list;
    }

    /** The newest event, or null. */
    public Event last() {
        return events.peekLast();
    }

    public long lastSequence() {
        return sequence;
    }
}
