package ensemble.server.assess;

import java.util.Map;

/**
 * A session's review settings, kept in Redis ({@code RedisKeys.review}).
 *
 * @param anonymousFeedback true: the facilitator sees peer feedback without who gave it (the default)
 */
public record ReviewSettings(boolean anonymousFeedback) {
    public static final ReviewSettings DEFAULTS = new ReviewSettings(true);

    public static ReviewSettings from(Map<String, String> hash) {
        String anonymous = hash.get("anonymous");
        return new ReviewSettings(anonymous == null ? DEFAULTS.anonymousFeedback() : Boolean.parseBoolean(anonymous));
    }

    public Map<String, String> toHash() {
        return Map.of("anonymous", Boolean.toString(anonymousFeedback));
    }
}
