package ensemble.bench;

import ensemble.bench.load.LoadRun;
import ensemble.bench.load.Measurement;
import ensemble.bench.report.Report;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ensemble bench}: the load workloads of issue 3 (each server in its own JVM, bots in
 * this one), the two baselines, and with {@code --jmh} the codec microbenchmarks.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure bandwidth, tick cost, latency and capacity against a real server JVM; see docs/performance.md.")
public final class BenchCommand implements Callable<Integer> {
    /** Client counts of W2 and W4. */
    static final List<Integer> W2_CLIENTS = List.of(8, 16, 32, 64, 128);
    static final List<Integer> W4_CLIENTS = List.of(8, 64);
    /** Session counts W3 tries, in order, until one skips ticks. */
    static final List<Integer> W3_STEPS = List.of(4, 8, 16, 24, 32, 40, 48, 56, 64, 80);

    enum Workload { W1, W2, W3, W4, all }

    @Option(names = "--workload", defaultValue = "all", description = "W1, W2, W3, W4 or all (default ${DEFAULT-VALUE}).")
    Workload workload;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per configuration (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "30",
            description = "Seconds each configuration runs, after all its bots joined, before it is measured: "
                    + "a fresh server JVM keeps compiling its hot code for about that long (default ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--bots-warmup", defaultValue = "20",
            description = "Seconds of an unmeasured 16-bot session first, so the bots' JVM has compiled its hot code "
                    + "before any configuration is measured (default ${DEFAULT-VALUE}; 0 skips it).")
    double botsWarmup;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--json-file", description = "Also write the JSON object to this file (the table still prints).")
    java.nio.file.Path jsonFile;

    @Option(names = "--jmh", description = "Run the JMH microbenchmarks of the snapshot codec instead of the workloads.")
    boolean jmh;

    @Option(names = "--clients", split = ",", paramLabel = "N[,N...]",
            description = "Client counts for W2 and W4 instead of theirs (W2: 8,16,32,64,128; W4: 8,64).")
    List<Integer> clients;

    @Option(names = "--no-baselines", description = "Skip the SpiderMonkey replay (the naive encoder is always sized).")
    boolean noBaselines;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (jmh) {
            Options options = new OptionsBuilder().include("ensemble\\.bench\\.jmh\\..*").include("ensemble\\.server\\.session\\.CrowdTickBenchmark").forks(1)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1)).build();
            new Runner(options).run();
            return 0;
        }
        if (!(seconds >= 1)) {
            System.err.println("error: --seconds must be at least 1");
            return 2;
        }
        if (!(botsWarmup >= 0)) {
            System.err.println("error: --bots-warmup must be zero or more seconds");
            return 2;
        }
        if (!(warmup >= 0)) {
            System.err.println("error: --warmup must be zero or more seconds");
            return 2;
        }
        if (clients != null && clients.stream().anyMatch(n -> n < 2 || n > 1024)) {
            System.err.println("error: --clients takes counts from 2 to 1024, got " + clients);
            return 2;
        }
        Report report = new Report(Report.thisMachine(), seconds);
        if (botsWarmup > 0) {
            progress("warming up the bots' JVM: 16 bots for %.0f s, not measured", botsWarmup);
            try (LoadRun run = new LoadRun(Runtime.getRuntime().availableProcessors(), 2)) {
                run.addSessions(1, 16);
                Thread.sleep((long) (botsWarmup * 1000));
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (workload == Workload.W1 || workload == Workload.all) {
            report.add("W1", single(8, "8 clients", cores, true));
        }
        if (workload == Workload.W2 || workload == Workload.all) {
            for (int n : clients != null ? clients : W2_CLIENTS) {
                report.add("W2", single(n, n + " clients", cores, true));
            }
        }
        if (workload == Workload.W3 || workload == Workload.all) {
            capacity(report);
        }
        if (workload == Workload.W4 || workload == Workload.all) {
            for (int n : clients != null ? clients : W4_CLIENTS) {
                report.add("W4", single(n, n + " clients", cores, false));
            }
        }
        ensemble.bench.baseline.SpiderMonkeyBaseline.shutdown();
        if (jsonFile != null) {
            java.nio.file.Files.writeString(jsonFile, report.toJson());
        }
        System.out.println(json ? report.toJson() : report.toTable());
        return 0;
    }

    private Measurement single(int clients, String label, int tickThreads, boolean baselines) throws Exception {
        progress("%s: one session, %d clients, %d entities (%d%% moving)", label, clients, LoadRun.ENTITIES,
                Math.round(LoadRun.MOVING_SHARE * 100));
        try (LoadRun run = new LoadRun(tickThreads, 2)) {
            run.addSessions(1, clients);
            Measurement m = run.measure(label, warmup, seconds);
            if (baselines && !noBaselines) {
                progress("%s: SpiderMonkey replay", label);
                m = run.withSpiderMonkey(m, Math.min(seconds, 5));
            }
            return m;
        }
    }

    /**
     * W3: one tick thread (one core's worth of ticking), eight-client sessions added step by step
     * until a step skips ticks, or the bots in this JVM can no longer take every snapshot (then the
     * machine, not the server, is the limit and the search stops there).
     */
    private void capacity(Report report) throws Exception {
        int passed = 0;
        String limitedBy = "largest step tried";
        try (LoadRun run = new LoadRun(1, 2)) {
            for (int sessions : W3_STEPS) {
                progress("W3: %d eight-client sessions on one tick thread", sessions);
                try {
                    run.addSessions(sessions, 8);
                } catch (Exception e) {
                    limitedBy = "joining failed at " + sessions + " sessions: " + e.getMessage();
                    break;
                }
                Measurement m = run.measure(sessions + " sessions", 2, Math.max(3, seconds / 2));
                report.add("W3", m);
                if (m.skippedTicks() > 0) {
                    limitedBy = "skipped ticks at " + sessions + " sessions";
                    break;
                }
                if (m.snapshotsPerClientPerSecond() < 0.9 * LoadRun.TICK_RATE) {
                    limitedBy = "bots in the bench JVM fell behind at " + sessions + " sessions (shared cores)";
                    break;
                }
                passed = sessions;
            }
        }
        report.capacity(passed, 1, limitedBy);
    }

    private static void progress(String format, Object... args) {
        System.err.printf("bench: " + format + "%n", args);
    }
}
