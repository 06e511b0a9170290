package ensemble.scenario.runtime;

/**
 * The random draws of one run: the n-th draw is a pure function of the seed and n (SplitMix64),
 * so a checkpoint that keeps {@code seed} and {@code count} lets a restored run, a replay or a fork
 * draw exactly what the original would have.
 */
final class Draws {

    final long seed;
    long count;

    Draws(long seed, long count) {
        this.seed = seed;
        this.count = count;
    }

    /** The next draw, uniform in [0, bound). */
    int below(int bound) {
        long z = seed + (++count) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) Math.floorMod(z, (long) bound);
    }
}
