package ensemble.proto.datagram;

import java.util.Locale;

/** Why {@link DatagramOpener} refused a datagram; each is counted under its {@link #tag()}. */
public enum Rejection implements DatagramOpener.Result {
    /** Shorter than a header and a tag. */
    TOO_SHORT,
    /** Longer than {@link ensemble.proto.Protocol#MAX_DATAGRAM_BYTES}. */
    TOO_LONG,
    /** The first byte names no {@link DatagramKind}. */
    UNKNOWN_KIND,
    /** A kind that travels the other way (a datagram played back to its sender). */
    WRONG_DIRECTION,
    /** No link has the connection id (never issued, or retired by a resume). */
    UNKNOWN_CONNECTION,
    /** A sequence already received. */
    REPLAYED,
    /** A sequence older than the replay window. */
    TOO_OLD,
    /** The tag does not match: forged, tampered with, or sealed with another key. */
    BAD_TAG;

    /** The value of the {@code reason} tag on the drop counter. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
