package ensemble.scenario.model;

/**
 * A part people play. Between {@code minCount} and {@code maxCount} participants take it; they
 * appear at {@code spawn} (metres) with avatars tinted {@code color}.
 */
public record Role(String id, String name, int minCount, int maxCount, Vec3 spawn, String color,
                   SourcePos pos, SourcePos spawnPos) {
}
