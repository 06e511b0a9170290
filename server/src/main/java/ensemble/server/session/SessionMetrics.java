package ensemble.server.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The meters of the simulation, shared by every session of a node. */
final class SessionMetrics {
    final Timer tickTime;
    /** CPU time the tick thread spent on one session tick: the tick's work without the time it waited for a core. */
    final Timer tickCpu;
    final Counter skippedTicks;
    final Counter clampedPoses;
    final Counter snapshotBytes;
    final Counter snapshotPackets;
    final DistributionSummary snapshotSize;
    final Counter inboxOverflows;
    final Counter tickFailures;

    SessionMetrics(MeterRegistry registry) {
        tickTime = Timer.builder("ensemble.tick.time").description("wall-clock time per session tick")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofNanos(20_000)).maximumExpectedValue(java.time.Duration.ofSeconds(1))
                .register(registry);
        tickCpu = Timer.builder("ensemble.tick.cpu").description("CPU time of the tick thread per session tick")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofNanos(20_000)).maximumExpectedValue(java.time.Duration.ofSeconds(1))
                .register(registry);
        skippedTicks = Counter.builder("ensemble.tick.skipped").description("ticks skipped because the loop fell behind")
                .register(registry);
        clampedPoses = Counter.builder("ensemble.poses.clamped").description("input poses clamped by the sanity check")
                .register(registry);
        snapshotBytes = Counter.builder("ensemble.snapshot.bytes").baseUnit("bytes")
                .description("snapshot bytes sent to clients").register(registry);
        snapshotPackets = Counter.builder("ensemble.snapshot.packets").description("snapshots sent to clients")
                .register(registry);
        snapshotSize = DistributionSummary.builder("ensemble.snapshot.size").baseUnit("bytes")
                .description("size of one client snapshot").publishPercentiles(0.5, 0.99).register(registry);
        inboxOverflows = Counter.builder("ensemble.inbox.overflows")
                .description("connections closed because their inbox overflowed").register(registry);
        tickFailures = Counter.builder("ensemble.tick.failures").description("ticks that threw").register(registry);
    }
}
