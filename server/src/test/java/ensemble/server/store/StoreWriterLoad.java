package ensemble.server.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import redis.clients.jedis.Jedis;

/**
 * A load run of the writer against a local redis-server, for the capacity figures in
 * {@code docs/operations.md}. Not a test: run it by hand and read what it prints.
 *
 * <pre>
 * mvn -q -pl server -am package -DskipTests      # test classes plus target/lib
 * cd server &amp;&amp; java -cp "target/test-classes:target/classes:target/lib/*" \
 *     ensemble.server.store.StoreWriterLoad [sessions=20] [eventsPerSession=10000]
 * </pre>
 */
public final class StoreWriterLoad {
    private StoreWriterLoad() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int perSession = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int total = sessions * perSession;
        Path dir = Files.createTempDirectory("ensemble-load-");
        try (RedisServerProcess redis = RedisServerProcess.start(dir, "--appendfsync", "everysec");
             RedisConnection connection = RedisConnection.open(redis.url());
             StoreWriter writer = new StoreWriter(connection, "load", StoreSettings.defaults()
                     .withMaxBufferedWrites(total + 1), new SimpleMeterRegistry())) {
            long memoryBefore = usedMemory(redis.port());
            CountDownLatch stored = new CountDownLatch(total);
            Executor inbox = Runnable::run;
            List<SessionJournal> journals = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                journals.add(writer.journal("load-" + s, EventId.NONE, inbox));
            }
            EventRecord event = new EventRecord("use", 1, System.currentTimeMillis(), "participant-0001",
                    Map.of("entity", "extinguisher-3", "zone", "corridor-b"));
            long start = System.nanoTime();
            long enqueueNanos = 0;
            for (int i = 0; i < perSession; i++) {
                for (SessionJournal journal : journals) {
                    long t = System.nanoTime();
                    journal.append(event, outcome -> stored.countDown());
                    enqueueNanos += System.nanoTime() - t;
                }
            }
            stored.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            long memoryAfter = usedMemory(redis.port());
            System.out.printf("sessions=%d events=%d%n", sessions, total);
            System.out.printf("tick-side cost of append: %.0f ns/event (mean, includes allocation)%n",
                    (double) enqueueNanos / total);
            System.out.printf("throughput to Redis: %.0f events/s (all acknowledged in %.2f s)%n", total / seconds, seconds);
            System.out.printf("Redis memory: %.0f bytes/event%n", (double) (memoryAfter - memoryBefore) / total);
        }
    }

    private static long usedMemory(int port) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            for (String line : jedis.info("memory").split("\r\n")) {
                if (line.startsWith("used_memory:")) {
                    return Long.parseLong(line.substring("used_memory:".length()));
                }
            }
        }
        throw new IllegalStateException("no used_memory in INFO");
    }
}
