package ensemble.server.session;

import ensemble.server.world.Scene;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The join links of one session: those issued through the API (role links, shared by a team, and
 * personal links, one seat each), which are revoked, and who sits in each personal seat.
 *
 * <p>A personal link reserves a seat in its role, as a Colyseus seat reservation does: role links
 * cannot fill it, and one person at a time sits in it. The seat is free again when its holder
 * leaves (someone whose client crashed comes back with the same link); a facilitator's REMOVE
 * revokes the link. Revoking stops new joins with a link; people already in stay until removed.
 * Every change is a {@code link} event, so a node that takes the session over knows it too.
 *
 * <p>Tick thread only, except {@link #isRevoked} and {@link Session#generation()}, which any thread may read.
 */
public final class Links {
    /** Links a session remembers; expired ones are forgotten first when it is full. */
    public static final int MAX_LINKS = 1024;
    /** Longest lifetime of a link, seconds (30 days); the shortest is {@link #MIN_TTL_SECONDS}. */
    public static final long MAX_TTL_SECONDS = 30L * 24 * 3600;
    public static final long MIN_TTL_SECONDS = 60;
    /** Longest label of a personal link (the person it is for), characters. */
    public static final int MAX_LABEL_CHARS = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A link the session knows. {@code label} names the person a personal link is for, or is "". */
    public record Link(String id, String role, TokenSigner.Kind kind, boolean personal, String label,
                       long expiresAtSeconds) {
    }

    /** A link just issued: its signed token and what the session remembers of it. */
    public record Issued(String token, Link link) {
    }

    private final Session session;
    private final Map<String, Link> issued = new LinkedHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** Personal link id → id of the participant sitting in its seat. */
    private final Map<String, String> seats = new HashMap<>();

    Links(Session session) {
        this.session = session;
    }

    /** A new session generation: 48 random bits, hex. */
    static String newGeneration() {
        return Long.toHexString(RANDOM.nextLong() & 0xffffffffffffL);
    }

    /**
     * Issues a link (tick thread). {@code role} is a scene role, or "spectator" for a spectator
     * link; a personal link needs a free seat in its role. Refusals are
     * {@link IllegalArgumentException} (bad request) or {@link IllegalStateException} (no room).
     */
    public Issued issue(String role, boolean personal, String label, long ttlSeconds, String actor) {
        boolean spectator = "spectator".equals(role);
        Scene.Role sceneRole = session.scene.role(role);
        if (!spectator && sceneRole == null) {
            throw new IllegalArgumentException("session " + session.id + " has no role '" + role + "'");
        }
        if (personal && spectator) {
            throw new IllegalArgumentException("personal links are for roles; a spectator link is shared");
        }
        if (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("a link lives " + MIN_TTL_SECONDS + ".." + MAX_TTL_SECONDS + " seconds, not "
                    + ttlSeconds);
        }
        String name = label == null ? "" : label.strip();
        if (name.length() > MAX_LABEL_CHARS || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a link's name is at most " + MAX_LABEL_CHARS + " printable characters");
        }
        long now = nowSeconds();
        if (personal && session.admission.countInRole(role) + reserved(role, null) >= sceneRole.maxCount()) {
            throw new IllegalStateException("role '" + role + "' has no free seat to reserve (" + sceneRole.maxCount()
                    + " seats, taken or reserved by personal links)");
        }
        TokenSigner signer = session.context.signer();
        TokenSigner.JoinToken claims = signer.claims(session.id, session.generation(), role,
                spectator ? TokenSigner.Kind.SPECTATOR : TokenSigner.Kind.PARTICIPANT, ttlSeconds, personal);
        Link link = new Link(claims.linkId(), role, claims.kind(), personal, name, claims.expiresAtSeconds());
        if (issued.size() >= MAX_LINKS) {
            issued.values().removeIf(l -> l.expiresAtSeconds() < now);
            if (issued.size() >= MAX_LINKS) {
                throw new IllegalStateException("this session already has " + MAX_LINKS + " live links; revoke some");
            }
        }
        issued.put(link.id(), link);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("action", "issued");
        data.put("link", link.id());
        data.put("role", role);
        data.put("kind", link.kind().name());
        data.put("personal", Boolean.toString(personal));
        data.put("label", name);
        data.put("expires", Long.toString(link.expiresAtSeconds()));
        record(actor, data);
        return new Issued(signer.sign(claims), link);
    }

    /** Revokes a link (tick thread): it admits nobody from now on. False when it already was revoked. */
    public boolean revoke(String linkId, String actor) {
        if (!revokeQuietly(linkId)) {
            return false;
        }
        record(actor, Map.of("action", "revoked", "link", linkId));
        return true;
    }

    private boolean revokeQuietly(String linkId) {
        if (revoked.size() >= MAX_LINKS * 4 && !revoked.contains(linkId)) {
            throw new IllegalStateException("this session has revoked " + revoked.size() + " links; end it and start a new one");
        }
        seats.remove(linkId);
        return revoked.add(linkId);
    }

    /** True when the link was revoked. Any thread. */
    public boolean isRevoked(String linkId) {
        return revoked.contains(linkId);
    }

    /** The links issued through the API, oldest first (tick thread). */
    public List<Link> all() {
        return List.copyOf(issued.values());
    }

    /** Who sits in a personal link's seat: a participant id, or null. */
    public String holder(String linkId) {
        return seats.get(linkId);
    }

    // --- admission (tick thread) -----------------------------------------------------------------

    /** The participant who sits in a personal link's seat and is still in the session, or null. */
    Participant seated(String linkId) {
        String holder = seats.get(linkId);
        return holder == null ? null : session.participant(holder);
    }

    void seat(TokenSigner.JoinToken token, Participant p) {
        seats.put(token.linkId(), p.id);
        issued.computeIfAbsent(token.linkId(), id -> new Link(id, token.role(), token.kind(), true, "",
                token.expiresAtSeconds()));
    }

    /** A REMOVE: the personal links the participant sits in admit nobody any more. */
    void revokeSeatsOf(Participant p, String actor) {
        List<String> held = new ArrayList<>();
        seats.forEach((link, holder) -> {
            if (holder.equals(p.id)) {
                held.add(link);
            }
        });
        for (String link : held) {
            revoke(link, actor);
        }
    }

    /**
     * Seats of {@code role} that personal links reserve and nobody present sits in: unrevoked,
     * unexpired links other than {@code except}.
     */
    int reserved(String role, String except) {
        long now = nowSeconds();
        int n = 0;
        for (Link link : issued.values()) {
            if (link.personal() && link.role().equals(role) && !link.id().equals(except) && !revoked.contains(link.id())
                    && link.expiresAtSeconds() >= now && seated(link.id()) == null) {
                n++;
            }
        }
        return n;
    }

    // --- persistence ---------------------------------------------------------------------------------

    /** Rebuilds from a checkpoint (before the first tick). */
    void restore(List<Link> links, Set<String> revokedIds, Map<String, String> seatHolders) {
        for (Link link : links) {
            issued.put(link.id(), link);
        }
        revoked.addAll(revokedIds);
        seats.putAll(seatHolders);
    }

    /** Replays a {@code link} event recorded after the checkpoint (before the first tick). */
    void replay(Map<String, String> data) {
        String id = data.getOrDefault("link", "");
        switch (data.getOrDefault("action", "")) {
            case "issued" -> issued.put(id, new Link(id, data.getOrDefault("role", ""),
                    "SPECTATOR".equals(data.get("kind")) ? TokenSigner.Kind.SPECTATOR : TokenSigner.Kind.PARTICIPANT,
                    Boolean.parseBoolean(data.get("personal")), data.getOrDefault("label", ""),
                    Long.parseLong(data.getOrDefault("expires", "0"))));
            case "revoked" -> revokeQuietly(id);
            default -> {
                // an action of a newer server: nothing this one rebuilds
            }
        }
    }

    /** A replayed join through a personal link: its seat is taken again. */
    void replaySeat(String linkId, String participantId) {
        if (!linkId.isEmpty() && issued.containsKey(linkId) && issued.get(linkId).personal()) {
            seats.put(linkId, participantId);
        }
    }

    Map<String, String> seatMap() {
        return Map.copyOf(seats);
    }

    Set<String> revokedIds() {
        return Set.copyOf(revoked);
    }

    private void record(String actor, Map<String, String> data) {
        session.events.append("link", session.tick, session.context.clock().millis(), actor, data);
        session.recordEvent();
    }

    private long nowSeconds() {
        return session.context.clock().millis() / 1000;
    }
}
