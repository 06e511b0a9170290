package ensemble.server.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that ticks its sessions at a fixed rate. A session is assigned to one tick thread for
 * its whole life, so its world is touched by that thread only. When the loop falls behind it
 * catches up at most {@link #MAX_CATCH_UP} ticks and skips (and counts) the rest. A tick that
 * throws is logged and counted; the loop never dies of it.
 */
final class TickThread implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TickThread.class);
    /** Ticks run back to back at most, when late, before the loop skips ahead. */
    static final int MAX_CATCH_UP = 3;

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final long periodNanos;
    private final SessionMetrics metrics;
    private final Thread thread;
    private volatile boolean running = true;

    TickThread(String name, int tickRate, SessionMetrics metrics) {
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / tickRate;
        this.metrics = metrics;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void add(Session session) {
        sessions.add(session);
    }

    void remove(Session session) {
        sessions.remove(session);
    }

    int load() {
        return sessions.size();
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            long behind = (now - next) / periodNanos;
            if (behind > MAX_CATCH_UP) {
                metrics.skippedTicks.increment((double) (behind - MAX_CATCH_UP) * sessions.size());
                next += (behind - MAX_CATCH_UP) * periodNanos;
            }
            for (Session session : sessions) {
                long start = System.nanoTime();
                long cpuStart = cpuNanos();
                try {
                    session.tick();
                } catch (Throwable t) {
                    metrics.tickFailures.increment();
                    log.error("session {}: tick {} failed; the loop goes on", session.id(), session.tick, t);
                    if (t instanceof VirtualMachineError fatal) {
                        throw fatal;
                    }
                }
                metrics.tickTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                if (cpuStart >= 0) {
                    metrics.tickCpu.record(cpuNanos() - cpuStart, TimeUnit.NANOSECONDS);
                }
            }
            next += periodNanos;
        }
    }

    /** This thread's CPU time in nanoseconds, or -1 where the JVM cannot tell. */
    private static long cpuNanos() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** Ends the loop after the tick in progress; true once the thread has ended (it waits up to 2 s). */
    boolean stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
