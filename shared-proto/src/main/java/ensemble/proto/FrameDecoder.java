package ensemble.proto;

import ensemble.v1.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the control-channel byte stream into frames: a varint32 length followed by that many
 * bytes. Unlike Netty's {@code ProtobufVarint32FrameDecoder} it enforces a maximum frame size and
 * rejects malformed length prefixes with a {@link FrameException} carrying a typed error code.
 *
 * <p>After the first bad frame the stream cannot be resynchronised, so every later byte is
 * discarded; the handler at the end of the pipeline answers with an error and closes.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        in.markReaderIndex();
        long length = readVarint32(in);
        if (length == NEED_MORE) {
            in.resetReaderIndex();
            return;
        }
        if (length == MALFORMED) {
            fail(in);
            throw new FrameException(ErrorCode.ERROR_CODE_MALFORMED_FRAME,
                    "frame length prefix is not a valid varint32");
        }
        if (length > maxFrameBytes) {
            fail(in);
            throw new FrameException(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE,
                    "frame of " + length + " bytes exceeds the maximum of " + maxFrameBytes);
        }
        if (in.readableBytes() < length) {
            in.resetReaderIndex();
            return;
        }
        out.add(in.readRetainedSlice((int) length));
    }

    private void fail(ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
    }

    private static final long NEED_MORE = -1;
    private static final long MALFORMED = -2;

    /** Reads an unsigned varint32; NEED_MORE when incomplete, MALFORMED past five bytes or 2^32. */
    static long readVarint32(ByteBuf in) {
        long result = 0;
        for (int i = 0; i < 5; i++) {
            if (!in.isReadable()) {
                return NEED_MORE;
            }
            byte b = in.readByte();
            result |= (long) (b & 0x7f) << (7 * i);
            if (b >= 0) {
                return i == 4 && (b & 0x70) != 0 ? MALFORMED : result;
            }
        }
        return MALFORMED;
    }
}
