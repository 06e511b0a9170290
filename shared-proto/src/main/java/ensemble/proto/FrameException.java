package ensemble.proto;

import ensemble.v1.ErrorCode;

/**
 * A control-channel frame that cannot be accepted. Stackless: it describes bad input, not a bug,
 * and a hostile peer must not be able to make us pay for stack traces.
 */
public final class FrameException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public FrameException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
