package ensemble.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed Prometheus text exposition: sample name with its labels (as written, e.g.
 * {@code ensemble_tick_time_seconds{quantile="0.99"}}) to value. Comments are skipped.
 */
public final class PrometheusText {
    private final Map<String, Double> samples;

    private PrometheusText(Map<String, Double> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            String value = line.substring(space + 1).trim();
            double parsed = switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(value);
            };
            samples.put(line.substring(0, space).trim(), parsed);
        }
        return new PrometheusText(samples);
    }

    /** The sample with exactly this name and labels, or NaN. */
    public double value(String nameWithLabels) {
        return samples.getOrDefault(nameWithLabels, Double.NaN);
    }

    /** Sum over every label set of {@code name} (e.g. all GC causes), 0 when absent. */
    public double sum(String name) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            if (key.equals(name) || key.startsWith(name + "{")) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** Largest value over every label set of {@code name}, NaN when absent. */
    public double max(String name) {
        double best = Double.NaN;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            if ((key.equals(name) || key.startsWith(name + "{")) && !(e.getValue() <= best)) {
                best = e.getValue();
            }
        }
        return best;
    }

    /**
     * The {@code p}-th percentile (0..100) of the observations a histogram received between
     * {@code before} and this scrape, as the upper bound of the bucket it falls in (seconds);
     * NaN when nothing was observed. Buckets are {@code NAME_bucket{le="..."}}.
     */
    public double bucketPercentileSince(PrometheusText before, String name, double p) {
        java.util.TreeMap<Double, Double> counts = new java.util.TreeMap<>();
        String prefix = name + "_bucket{le=\"";
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String le = e.getKey().substring(prefix.length(), e.getKey().indexOf('"', prefix.length()));
                double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                counts.put(bound, e.getValue() - before.samples.getOrDefault(e.getKey(), 0.0));
            }
        }
        if (counts.isEmpty() || counts.lastEntry().getValue() <= 0) {
            return Double.NaN;
        }
        double wanted = Math.ceil(p / 100.0 * counts.lastEntry().getValue());
        for (Map.Entry<Double, Double> e : counts.entrySet()) {
            if (e.getValue() >= wanted) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }

    /** The value of {@code name} whose labels include {@code label="value"}, NaN when absent. */
    public double withLabel(String name, String label, String value) {
        String needle = label + "=\"" + value + "\"";
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(name + "{") && key.contains(needle)) {
                return e.getValue();
            }
        }
        return Double.NaN;
    }
}
