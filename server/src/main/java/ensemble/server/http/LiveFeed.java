package ensemble.server.http;

import ensemble.server.session.EventLog;
import ensemble.server.session.Session;
import ensemble.server.session.SessionRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One console's live view of one session, over a WebSocket: a JSON frame every
 * {@link #INTERVAL_MILLIS} with the session state, the scenario's progress, every participant
 * (position, role, connection, score, instruction), the entities that moved since the last
 * frame, and the events logged since the last frame.
 *
 * <p>Threads: the frame's data is read on the session's tick thread and turned into JSON and
 * written on this channel's event loop. One read is in flight at a time; the next is scheduled
 * when the last one is written, so a slow tick or a slow console lowers the rate instead of
 * queueing work. A console that does not keep up (channel not writable) skips frames; events are
 * not lost by that, since the next frame carries every event after the last one written.
 */
final class LiveFeed extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** Time between frames, milliseconds (10 Hz). */
    static final long INTERVAL_MILLIS = 100;
    /** Events in one frame at most; the rest follow in the next frames. */
    static final int MAX_EVENTS_PER_FRAME = 256;

    private final SessionRegistry registry;
    private final String sessionId;
    private final WebSocketServerHandshaker handshaker;
    /** Entity id → the position last sent; event loop only. */
    private final Map<String, Object> sentEntities = new HashMap<>();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> next;
    private long lastSequence;
    private boolean first = true;

    /** What the tick thread hands over for one frame. */
    private record Reading(Map<String, Object> detail, List<EventLog.Event> events, Map<String, Object> layout) {
    }

    LiveFeed(SessionRegistry registry, String sessionId, WebSocketServerHandshaker handshaker) {
        this.registry = registry;
        this.sessionId = sessionId;
        this.handshaker = handshaker;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Starts the frames once the handshake was written; event loop. */
    void begin() {
        pump();
    }

    private void pump() {
        if (!ctx.channel().isActive()) {
            return;
        }
        Session session = registry.find(sessionId);
        if (session == null) {
            ctx.writeAndFlush(new TextWebSocketFrame(json(Map.of("type", "closed", "session", sessionId))));
            handshaker.close(ctx.channel(), new CloseWebSocketFrame(1000, "session removed"));
            return;
        }
        long after = lastSequence;
        boolean withLayout = first;
        CompletableFuture<Reading> reading = new CompletableFuture<>();
        boolean queued = session.submit(s -> {
            try {
                List<EventLog.Event> events = s.events().since(after);
                if (events.size() > MAX_EVENTS_PER_FRAME) {
                    events = events.subList(0, MAX_EVENTS_PER_FRAME);
                }
                reading.complete(new Reading(SessionDocument.detail(s), List.copyOf(events),
                        withLayout ? SessionDocument.layout(s.scene()) : null));
            } catch (RuntimeException e) {
                reading.completeExceptionally(e);
            }
        });
        if (!queued) {
            schedule();
            return;
        }
        reading.orTimeout(TickCall.TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((value, failure) ->
                ctx.executor().execute(() -> {
                    if (failure == null) {
                        send(value);
                    }
                    schedule();
                }));
    }

    private void schedule() {
        if (ctx.channel().isActive()) {
            next = ctx.executor().schedule(this::pump, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    private void send(Reading reading) {
        if (!ctx.channel().isWritable()) {
            return;
        }
        Map<String, Object> frame = new LinkedHashMap<>(reading.detail());
        frame.put("type", "frame");
        if (reading.layout() != null) {
            frame.put("layout", reading.layout());
        }
        List<Map<String, Object>> moved = new ArrayList<>();
        for (Map<String, Object> entity : (List<Map<String, Object>>) reading.detail().get("entities")) {
            Object key = List.of(entity.get("position"), String.valueOf(entity.get("holder")), String.valueOf(entity.get("state")));
            if (!key.equals(sentEntities.put((String) entity.get("id"), key))) {
                moved.add(entity);
            }
        }
        frame.put("entities", moved);
        List<Map<String, Object>> events = new ArrayList<>();
        for (EventLog.Event event : reading.events()) {
            events.add(SessionDocument.event(event));
        }
        frame.put("events", events);
        ctx.writeAndFlush(new TextWebSocketFrame(json(frame))).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (!reading.events().isEmpty()) {
            lastSequence = reading.events().get(reading.events().size() - 1).sequence();
        }
        first = false;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        }
        // Text and binary frames from the console carry nothing the feed needs; they are dropped.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (next != null) {
            next.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static String json(Object value) {
        try {
            return HttpReply.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a live frame", e);
        }
    }
}
