package ensemble.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import ensemble.v1.ClientMessage;
import ensemble.v1.ErrorCode;
import ensemble.v1.Hello;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static EmbeddedChannel decodingChannel(int maxFrameBytes) {
        return new EmbeddedChannel(new FrameDecoder(maxFrameBytes),
                new ProtobufDecoder(ClientMessage.getDefaultInstance()));
    }

    private static ByteBuf encode(ClientMessage... messages) {
        EmbeddedChannel out = new EmbeddedChannel(new ProtobufVarint32LengthFieldPrepender(), new ProtobufEncoder());
        ByteBuf all = Unpooled.buffer();
        for (ClientMessage message : messages) {
            assertTrue(out.writeOutbound(message));
            ByteBuf part;
            while ((part = out.readOutbound()) != null) {
                all.writeBytes(part);
                part.release();
            }
        }
        return all;
    }

    private static ClientMessage hello(String name) {
        return ClientMessage.newBuilder()
                .setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION).setDisplayName(name).setJoinToken("t"))
                .build();
    }

    @Test
    void decodesFramesFedOneByteAtATime() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        ByteBuf bytes = encode(hello("ada"), hello("grace"));
        while (bytes.isReadable()) {
            channel.writeInbound(bytes.readRetainedSlice(1));
        }
        bytes.release();
        assertEquals("ada", ((ClientMessage) channel.readInbound()).getHello().getDisplayName());
        assertEquals("grace", ((ClientMessage) channel.readInbound()).getHello().getDisplayName());
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void decodesSeveralFramesInOneBuffer() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        channel.writeInbound(encode(hello("a"), hello("b"), hello("c")));
        for (String name : new String[] {"a", "b", "c"}) {
            assertEquals(name, ((ClientMessage) channel.readInbound()).getHello().getDisplayName());
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void truncatedFrameYieldsNothingUntilComplete() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        ByteBuf bytes = encode(hello("someone with a long name"));
        int total = bytes.readableBytes();
        assertFalse(channel.writeInbound(bytes.readRetainedSlice(total - 3)));
        assertNull(channel.readInbound());
        assertTrue(channel.writeInbound(bytes.readRetainedSlice(3)));
        bytes.release();
        assertEquals("someone with a long name", ((ClientMessage) channel.readInbound()).getHello().getDisplayName());
        channel.finishAndReleaseAll();
    }

    @Test
    void oversizedFrameIsRefusedWithTypedErrorAndRestIsDiscarded() {
        EmbeddedChannel channel = decodingChannel(16);
        ByteBuf bytes = Unpooled.buffer();
        bytes.writeByte(100); // length 100 > 16
        bytes.writeZero(100);
        DecoderException thrown = assertThrows(DecoderException.class, () -> channel.writeInbound(bytes));
        FrameException cause = assertInstanceOf(FrameException.class, thrown.getCause());
        assertEquals(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, cause.code());
        // Even a well-formed frame afterwards is not decoded: the stream cannot be trusted.
        channel.writeInbound(encode(hello("x")));
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void hugeDeclaredLengthIsRefusedBeforeAnyBodyArrives() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        ByteBuf bytes = Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
        DecoderException thrown = assertThrows(DecoderException.class, () -> channel.writeInbound(bytes));
        assertEquals(ErrorCode.ERROR_CODE_FRAME_TOO_LARGE, ((FrameException) thrown.getCause()).code());
        channel.finishAndReleaseAll();
    }

    @Test
    void lengthPrefixLongerThanFiveBytesIsMalformed() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        ByteBuf bytes = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
        DecoderException thrown = assertThrows(DecoderException.class, () -> channel.writeInbound(bytes));
        assertEquals(ErrorCode.ERROR_CODE_MALFORMED_FRAME, ((FrameException) thrown.getCause()).code());
        channel.finishAndReleaseAll();
    }

    @Test
    void lengthAbove32BitsIsMalformed() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        ByteBuf bytes = Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        DecoderException thrown = assertThrows(DecoderException.class, () -> channel.writeInbound(bytes));
        assertEquals(ErrorCode.ERROR_CODE_MALFORMED_FRAME, ((FrameException) thrown.getCause()).code());
        channel.finishAndReleaseAll();
    }

    @Test
    void garbageBodyIsAProtobufDecodingError() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        ByteBuf bytes = Unpooled.buffer();
        bytes.writeByte(4);
        bytes.writeBytes(new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        DecoderException thrown = assertThrows(DecoderException.class, () -> channel.writeInbound(bytes));
        assertInstanceOf(InvalidProtocolBufferException.class, thrown.getCause());
        channel.finishAndReleaseAll();
    }

    @Test
    void emptyFrameDecodesAsEmptyMessage() {
        EmbeddedChannel channel = decodingChannel(Protocol.MAX_FRAME_BYTES);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        ClientMessage message = channel.readInbound();
        assertEquals(ClientMessage.BodyCase.BODY_NOT_SET, message.getBodyCase());
        channel.finishAndReleaseAll();
    }
}
