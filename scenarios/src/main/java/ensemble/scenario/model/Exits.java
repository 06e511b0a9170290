package ensemble.scenario.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an action list can lead: the {@code goto} and {@code end} actions that may take effect
 * (the first one run wins; inside {@code if} and {@code random} either side may run), and whether
 * the list may finish without any of them.
 */
public record Exits(List<Action.GotoStep> gotos, List<Action.End> ends, boolean mayFallThrough) {

    public static Exits of(List<Action> actions) {
        List<Action.GotoStep> gotos = new ArrayList<>();
        List<Action.End> ends = new ArrayList<>();
        boolean open = collect(actions, gotos, ends);
        return new Exits(List.copyOf(gotos), List.copyOf(ends), open);
    }

    /** Whether a jump may happen at all. */
    public boolean mayJump() {
        return !gotos.isEmpty() || !ends.isEmpty();
    }

    /** Adds the jumps {@code actions} may take; returns whether it may finish without one. */
    private static boolean collect(List<Action> actions, List<Action.GotoStep> gotos, List<Action.End> ends) {
        for (Action a : actions) {
            if (a instanceof Action.GotoStep g) {
                gotos.add(g);
                return false;
            }
            if (a instanceof Action.End e) {
                ends.add(e);
                return false;
            }
            if (a instanceof Action.If branch) {
                boolean thenOpen = collect(branch.then(), gotos, ends);
                boolean elseOpen = collect(branch.otherwise(), gotos, ends);
                if (!thenOpen && !elseOpen) {
                    return false;
                }
            } else if (a instanceof Action.Random random) {
                boolean anyOpen = false;
                for (Action.Choice choice : random.choices()) {
                    anyOpen |= collect(choice.actions(), gotos, ends);
                }
                if (!anyOpen) {
                    return false;
                }
            }
        }
        return true;
    }
}
