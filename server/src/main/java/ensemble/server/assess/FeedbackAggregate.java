package ensemble.server.assess;

import ensemble.server.store.EventRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peer feedback as the facilitator sees it: per participant rated, the mean and count of each
 * criterion's ratings and the comments, pinned moments included. A later entry of the same rater
 * about the same person replaces the earlier one. With anonymous feedback the rater is left out
 * (their role too, when it would name them: a role with one member).
 */
final class FeedbackAggregate {
    private FeedbackAggregate() {
    }

    static Map<String, Object> evaluate(ReportContext context, Map<String, Map<String, String>> people) {
        Map<String, EventRecord> latest = new LinkedHashMap<>();
        for (EventRecord e : context.events()) {
            if (e.type().equals("feedback")) {
                String key = e.actor() + "\u0000" + e.data().getOrDefault("about", "");
                latest.remove(key);
                latest.put(key, e);
            }
        }
        boolean anonymous = context.settings().anonymousFeedback();
        Map<String, Long> roleSizes = new LinkedHashMap<>();
        people.values().forEach(p -> roleSizes.merge(p.getOrDefault("role", ""), 1L, Long::sum));
        Map<String, Map<String, Object>> about = new LinkedHashMap<>();
        for (EventRecord e : latest.values()) {
            String id = e.data().getOrDefault("about", "");
            Map<String, Object> entry = about.computeIfAbsent(id, k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("participant", k);
                m.put("name", e.data().getOrDefault("aboutName", people.getOrDefault(k, Map.of()).getOrDefault("name", k)));
                m.put("role", e.data().getOrDefault("aboutRole", ""));
                m.put("count", 0);
                m.put("criteria", new LinkedHashMap<String, double[]>());
                m.put("comments", new ArrayList<Map<String, Object>>());
                return m;
            });
            entry.put("count", (Integer) entry.get("count") + 1);
            @SuppressWarnings("unchecked")
            Map<String, double[]> sums = (Map<String, double[]>) entry.get("criteria");
            FeedbackRules.ratings(e.data().get("ratings")).forEach((criterion, rating) -> {
                double[] s = sums.computeIfAbsent(criterion, k -> new double[2]);
                s[0] += rating;
                s[1] += 1;
            });
            String comment = e.data().getOrDefault("comment", "");
            if (!comment.isEmpty()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("text", comment);
                if (!anonymous) {
                    c.put("from", e.actor());
                    c.put("fromName", e.data().getOrDefault("fromName", ""));
                }
                String fromRole = e.data().getOrDefault("fromRole", "");
                if (!anonymous || roleSizes.getOrDefault(fromRole, 0L) > 1) {
                    c.put("fromRole", fromRole);
                }
                if (e.data().containsKey("pinTick")) {
                    c.put("pinTick", Long.parseLong(e.data().get("pinTick")));
                }
                c.put("atMs", context.offset(e.wallMillis()));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> comments = (List<Map<String, Object>>) entry.get("comments");
                comments.add(c);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> entry : about.values()) {
            @SuppressWarnings("unchecked")
            Map<String, double[]> sums = (Map<String, double[]>) entry.get("criteria");
            Map<String, Object> criteria = new LinkedHashMap<>();
            sums.forEach((k, s) -> criteria.put(k, Map.of("mean", Math.round(s[0] / s[1] * 100) / 100.0, "count", (int) s[1])));
            entry.put("criteria", criteria);
            rows.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("anonymous", anonymous);
        out.put("entries", latest.size());
        out.put("participants", rows);
        return out;
    }
}
