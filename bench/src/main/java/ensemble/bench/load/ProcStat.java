package ensemble.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from Linux {@code /proc/PID/stat} (utime + stime). */
final class ProcStat {
    /** Clock ticks per second of /proc times; 100 on every mainstream Linux. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    static long cpuNanos(long pid) throws IOException {
        return parseCpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
    }

    /** Fields 14 and 15 (utime, stime) counted after the parenthesised command name. */
    static long parseCpuNanos(String stat) {
        String rest = stat.substring(stat.lastIndexOf(')') + 2);
        String[] fields = rest.split(" ");
        // rest starts at field 3 (state), so utime (field 14) is index 11 and stime index 12.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    }
}
