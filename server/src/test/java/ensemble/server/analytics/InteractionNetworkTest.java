package ensemble.server.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Network measures on small graphs whose answers are known by hand. */
class InteractionNetworkTest {

    private static Map<String, InteractionNetwork.NodeMeasures> byId(InteractionNetwork network) {
        return network.measures().stream().collect(Collectors.toMap(InteractionNetwork.NodeMeasures::id, m -> m));
    }

    @Test
    void aStarHasItsCentreOnEveryShortestPath() {
        InteractionNetwork star = new InteractionNetwork();
        star.handoff("c", "a");
        star.reply("b", "c");
        star.near("c", "d", 120_000);
        Map<String, InteractionNetwork.NodeMeasures> m = byId(star);
        assertEquals(3, m.get("c").degree());
        assertEquals(1.0, m.get("c").betweenness(), 1e-9, "all 3 pairs of leaves pass through c");
        assertEquals(0.0, m.get("a").betweenness(), 1e-9);
        assertEquals(0.5, star.density(), 1e-9, "3 of 6 possible ties");
        assertEquals(4.0, m.get("c").weightedDegree(), 1e-9, "1 hand-off + 1 reply + 2 minutes near");
    }

    @Test
    void aPathSharesBetweennessByPosition() {
        InteractionNetwork path = new InteractionNetwork();
        path.handoff("a", "b");
        path.handoff("b", "c");
        path.handoff("c", "d");
        Map<String, InteractionNetwork.NodeMeasures> m = byId(path);
        // b lies on a-c and a-d: 2 of the 3 pairs not involving b.
        assertEquals(2.0 / 3, m.get("b").betweenness(), 1e-9);
        assertEquals(2.0 / 3, m.get("c").betweenness(), 1e-9);
        assertEquals(0.0, m.get("d").betweenness(), 1e-9);
        assertEquals(List.of(1, 2, 2, 1), path.measures().stream().map(InteractionNetwork.NodeMeasures::degree).toList());
    }

    @Test
    void twoShortestPathsShareTheCredit() {
        // A square a-b-d-c-a: a to d goes through b or c, each gets half.
        InteractionNetwork square = new InteractionNetwork();
        square.reply("a", "b");
        square.reply("b", "d");
        square.reply("d", "c");
        square.reply("c", "a");
        Map<String, InteractionNetwork.NodeMeasures> m = byId(square);
        // Raw betweenness of b = 0.5 (a-d); normalised by (n-1)(n-2)/2 = 3.
        assertEquals(0.5 / 3, m.get("b").betweenness(), 1e-9);
        assertEquals(4.0 / 6, square.density(), 1e-9);
    }

    @Test
    void isolatedPeopleAndSelfLoopsAddNoTies() {
        InteractionNetwork network = new InteractionNetwork();
        network.addNode("alone");
        network.handoff("a", "a");
        network.near("b", "b", 5_000);
        assertEquals(List.of(), network.edges());
        assertEquals(0.0, network.density(), 1e-9);
    }
}
