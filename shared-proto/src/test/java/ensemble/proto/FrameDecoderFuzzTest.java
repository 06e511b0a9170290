package ensemble.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.v1.ClientMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the control channel's first two stages as the server builds them
 * ({@link FrameDecoder}, then the protobuf decoder of {@link ClientMessage}), fed in fragments
 * the fuzzer chooses.
 *
 * <p>What must hold for any byte stream: the only failures are a {@link FrameException} (typed
 * error code) or a protobuf parse error, both wrapped by Netty in a {@link DecoderException};
 * no frame exceeds the bound; and how the bytes were split into reads never changes the frames.
 *
 * <p>{@code mvn verify} replays the committed inputs under {@code FrameDecoderFuzzTestInputs/};
 * {@code docs/security.md} says how to fuzz for longer.
 */
class FrameDecoderFuzzTest {
    /** Small, so that the fuzzer reaches the too-large branch with short inputs too. */
    private static final int MAX_FRAME_BYTES = 256;

    @FuzzTest(maxDuration = "5m")
    void framesDoNotDependOnFragmentationAndOnlyFailTyped(FuzzedDataProvider data) {
        int cuts = data.consumeInt(0, 8);
        int[] cutAt = new int[cuts];
        for (int i = 0; i < cuts; i++) {
            cutAt[i] = data.consumeInt(0, 64);
        }
        byte[] stream = data.consumeRemainingAsBytes();

        Outcome whole = decode(stream, new int[0], MAX_FRAME_BYTES);
        Outcome fragmented = decode(stream, cutAt, MAX_FRAME_BYTES);
        assertEquals(whole.frames, fragmented.frames, "frames depend on how the stream was split");
        assertEquals(whole.failure, fragmented.failure, "the failure depends on how the stream was split");
        for (List<Byte> frame : whole.frames) {
            assertTrue(frame.size() <= MAX_FRAME_BYTES, "a frame over the bound came out");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void messagesParseOrFailTyped(byte[] stream) {
        // The server's ProtobufDecoder parses each frame with ClientMessage's parser; done here
        // frame by frame so that one bad frame does not hide the next.
        for (List<Byte> frame : decode(stream, new int[0], Protocol.MAX_FRAME_BYTES).frames()) {
            byte[] bytes = new byte[frame.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = frame.get(i);
            }
            ClientMessage decoded;
            try {
                decoded = ClientMessage.parseFrom(bytes);
            } catch (InvalidProtocolBufferException typed) {
                continue;
            }
            // What parsed re-serialises to a message that parses to the same value.
            assertEquals(decoded, parse(decoded.toByteArray()));
        }
    }

    private static ClientMessage parse(byte[] bytes) {
        try {
            return ClientMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("a decoded message does not parse again", e);
        }
    }

    /** The frames (as byte lists, for equality) and the error code of the failure, if any. */
    private record Outcome(List<List<Byte>> frames, String failure) {
    }

    private static Outcome decode(byte[] stream, int[] cutAt, int maxFrameBytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(maxFrameBytes));
        String failure = null;
        int position = 0;
        for (int i = 0; i <= cutAt.length; i++) {
            int end = i < cutAt.length ? Math.min(stream.length, position + cutAt[i]) : stream.length;
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(stream, position, end - position));
            } catch (DecoderException e) {
                if (!(e.getCause() instanceof FrameException frameError)) {
                    fail("the frame decoder failed without a typed error", e);
                    return null;
                }
                // Only the first failure is thrown; later bytes are discarded without one.
                assertEquals(null, failure, "the decoder failed twice");
                failure = frameError.code().name();
            }
            position = end;
        }
        List<List<Byte>> frames = new ArrayList<>();
        Object frame;
        while ((frame = channel.readInbound()) != null) {
            ByteBuf buf = (ByteBuf) frame;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            List<Byte> list = new ArrayList<>(bytes.length);
            for (byte b : bytes) {
                list.add(b);
            }
            frames.add(list);
        }
        channel.finishAndReleaseAll();
        return new Outcome(frames, failure);
    }
}
