package ensemble.server.analytics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who worked with whom: an undirected graph of participants whose edges count hand-offs, chat
 * replies and time spent near each other, and its network measures. Two people are linked when
 * they had at least one interaction of any kind; the measures are computed on that unweighted
 * graph (so a long time side by side counts as one tie, like one hand-off does), and the edge
 * weights are reported beside them for the sociogram.
 *
 * <p>Not thread-safe; build one per analysis.
 */
public final class InteractionNetwork {

    /** What two participants did together; {@code a < b} in string order. */
    public record Edge(String a, String b, int handoffs, int replies, long nearMillis) {
        /** One number for drawing: hand-offs and replies, plus one per minute spent near each other. */
        public double weight() {
            return handoffs + replies + nearMillis / 60_000.0;
        }
    }

    /** Measures of one participant. Betweenness is normalised to 0..1 for an undirected graph. */
    public record NodeMeasures(String id, int degree, double weightedDegree, double betweenness) {
    }

    private final TreeSet<String> nodes = new TreeSet<>();
    private final Map<String, int[]> counts = new TreeMap<>();
    private final Map<String, Long> near = new TreeMap<>();

    public void addNode(String id) {
        nodes.add(id);
    }

    /** {@code from} handed something to {@code to} (released it, and {@code to} grabbed it soon after). */
    public void handoff(String from, String to) {
        tally(from, to)[0]++;
    }

    /** {@code from} answered {@code to} in chat. */
    public void reply(String from, String to) {
        tally(from, to)[1]++;
    }

    /** The two stood near each other for {@code millis} more. */
    public void near(String a, String b, long millis) {
        if (a.equals(b) || millis <= 0) {
            return;
        }
        nodes.add(a);
        nodes.add(b);
        near.merge(key(a, b), millis, Long::sum);
    }

    private int[] tally(String a, String b) {
        if (a.equals(b)) {
            return new int[2];
        }
        nodes.add(a);
        nodes.add(b);
        return counts.computeIfAbsent(key(a, b), k -> new int[2]);
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + '\n' + b : b + '\n' + a;
    }

    public List<String> nodes() {
        return List.copyOf(nodes);
    }

    /** Every tie, in order of its two ends. */
    public List<Edge> edges() {
        TreeSet<String> keys = new TreeSet<>(counts.keySet());
        keys.addAll(near.keySet());
        List<Edge> edges = new ArrayList<>();
        for (String k : keys) {
            int cut = k.indexOf('\n');
            int[] c = counts.getOrDefault(k, new int[2]);
            edges.add(new Edge(k.substring(0, cut), k.substring(cut + 1), c[0], c[1], near.getOrDefault(k, 0L)));
        }
        return edges;
    }

    /** Ties present divided by ties possible: 0 with fewer than two people. */
    public double density() {
        int n = nodes.size();
        return n < 2 ? 0 : 2.0 * edges().size() / ((double) n * (n - 1));
    }

    /** Degree, weighted degree and betweenness of every participant, in id order. */
    public List<NodeMeasures> measures() {
        List<String> ids = nodes();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        List<List<Integer>> adjacent = new ArrayList<>();
        double[] weighted = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            adjacent.add(new ArrayList<>());
        }
        for (Edge e : edges()) {
            int a = index.get(e.a());
            int b = index.get(e.b());
            adjacent.get(a).add(b);
            adjacent.get(b).add(a);
            weighted[a] += e.weight();
            weighted[b] += e.weight();
        }
        double[] betweenness = betweenness(adjacent);
        int n = ids.size();
        double scale = n > 2 ? 2.0 / ((double) (n - 1) * (n - 2)) : 0;
        List<NodeMeasures> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new NodeMeasures(ids.get(i), adjacent.get(i).size(), weighted[i], betweenness[i] * scale));
        }
        return out;
    }

    /**
     * Brandes' algorithm for unweighted graphs: one breadth-first search per source, then the
     * dependencies accumulated back along shortest paths. Each unordered pair is counted from both
     * ends, hence the halving. O(n·m).
     */
    static double[] betweenness(List<List<Integer>> adjacent) {
        int n = adjacent.size();
        double[] centrality = new double[n];
        for (int s = 0; s < n; s++) {
            Deque<Integer> order = new ArrayDeque<>();
            List<List<Integer>> predecessors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                predecessors.add(new ArrayList<>());
            }
            long[] paths = new long[n];
            int[] distance = new int[n];
            java.util.Arrays.fill(distance, -1);
            paths[s] = 1;
            distance[s] = 0;
            Deque<Integer> queue = new ArrayDeque<>();
            queue.add(s);
            while (!queue.isEmpty()) {
                int v = queue.poll();
                order.push(v);
                for (int w : adjacent.get(v)) {
                    if (distance[w] < 0) {
                        distance[w] = distance[v] + 1;
                        queue.add(w);
                    }
                    if (distance[w] == distance[v] + 1) {
                        paths[w] += paths[v];
                        predecessors.get(w).add(v);
                    }
                }
            }
            double[] dependency = new double[n];
            while (!order.isEmpty()) {
                int w = order.pop();
                for (int v : predecessors.get(w)) {
                    dependency[v] += (double) paths[v] / paths[w] * (1 + dependency[w]);
                }
                if (w != s) {
                    centrality[w] += dependency[w];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            centrality[i] /= 2;
        }
        return centrality;
    }

    /** The graph as plain data: nodes with measures, edges with weights, density. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> nodeList = new ArrayList<>();
        for (NodeMeasures m : measures()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", m.id());
            node.put("degree", m.degree());
            node.put("weightedDegree", round(m.weightedDegree()));
            node.put("betweenness", round(m.betweenness()));
            nodeList.add(node);
        }
        List<Map<String, Object>> edgeList = new ArrayList<>();
        for (Edge e : edges()) {
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("a", e.a());
            edge.put("b", e.b());
            edge.put("handoffs", e.handoffs());
            edge.put("replies", e.replies());
            edge.put("nearMs", e.nearMillis());
            edge.put("weight", round(e.weight()));
            edgeList.add(edge);
        }
        out.put("nodes", nodeList);
        out.put("edges", edgeList);
        out.put("density", round(density()));
        return Collections.unmodifiableMap(out);
    }

    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
