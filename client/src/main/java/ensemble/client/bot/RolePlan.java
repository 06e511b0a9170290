package ensemble.client.bot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which role each new bot takes and what it is called. Bots spread over the roles that have free
 * places, in turn (a fire drill with one warden and eight employees gets a warden and three
 * employees from {@code --count 4}); a preferred role is filled first. Names are "Bot N" with the
 * smallest numbers nobody in the session uses.
 */
public final class RolePlan {
    private RolePlan() {
    }

    /**
     * A role of the session and its free places.
     *
     * @param id    role id
     * @param max   places in the role
     * @param taken participants in it now
     */
    public record Role(String id, int max, int taken) {
        int free() {
            return Math.max(0, max - taken);
        }
    }

    /** A plan, or the one-line reason there is none. */
    public sealed interface Outcome {
    }

    /** The role of each new bot, in order. */
    public record Planned(List<String> roles) implements Outcome {
    }

    public record Refused(String reason) implements Outcome {
    }

    /**
     * Spreads {@code count} bots over {@code roles}; {@code preferred} (may be null) is filled
     * first. Refused when the session has fewer free places than bots, with the free places per
     * role in the reason.
     */
    public static Outcome spread(List<Role> roles, String preferred, int count) {
        List<Role> ordered = new ArrayList<>(roles);
        if (preferred != null) {
            Role first = roles.stream().filter(r -> r.id().equals(preferred)).findFirst().orElse(null);
            if (first == null) {
                return new Refused("the session has no role '" + preferred + "' (roles: "
                        + String.join(", ", roles.stream().map(Role::id).toList()) + ")");
            }
            ordered.remove(first);
            ordered.add(0, first);
        }
        Map<String, Integer> free = new LinkedHashMap<>();
        int total = 0;
        for (Role role : ordered) {
            free.put(role.id(), role.free());
            total += role.free();
        }
        if (total < count) {
            List<String> places = new ArrayList<>();
            for (Role role : ordered) {
                places.add(role.id() + " " + role.free() + " of " + role.max());
            }
            return new Refused("the session has " + total + " free place" + (total == 1 ? "" : "s") + " for "
                    + count + " bot" + (count == 1 ? "" : "s") + " (free: " + String.join(", ", places) + ")");
        }
        List<String> plan = new ArrayList<>();
        if (preferred != null) {
            // The preferred role first, to its capacity; then the others in turn.
            int take = Math.min(count, free.get(preferred));
            for (int i = 0; i < take; i++) {
                plan.add(preferred);
            }
            free.put(preferred, free.get(preferred) - take);
        }
        while (plan.size() < count) {
            for (Map.Entry<String, Integer> role : free.entrySet()) {
                if (plan.size() < count && role.getValue() > 0) {
                    plan.add(role.getKey());
                    role.setValue(role.getValue() - 1);
                }
            }
        }
        return new Planned(List.copyOf(plan));
    }

    /** {@code count} names "Bot N" with the smallest numbers not in {@code taken}. */
    public static List<String> names(Set<String> taken, int count) {
        List<String> names = new ArrayList<>();
        for (int n = 1; names.size() < count; n++) {
            String name = "Bot " + n;
            if (!taken.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
