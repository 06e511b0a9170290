package ensemble.server.testing;

import ensemble.v1.ClientMessage;
import ensemble.v1.ServerMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately simple control-channel client over a blocking socket, for tests that must send
 * exactly the bytes they choose (malformed frames, oversized frames, hostile input). It speaks
 * TLS pinned to the test certificate; {@link #plain(int)} sends its bytes without TLS.
 */
public final class RawControlClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawControlClient(int port) throws IOException {
        this(port, true, null);
    }

    /** Connects over TLS from {@code localAddress} (e.g. 127.0.0.2: another peer on loopback). */
    public RawControlClient(int port, String localAddress) throws IOException {
        this(port, true, localAddress);
    }

    private RawControlClient(int port, boolean tls, String localAddress) throws IOException {
        if (tls) {
            socket = TestTls.controlSocket(port, localAddress);
        } else {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A client without TLS: a TLS server must refuse whatever it sends. */
    public static RawControlClient plain(int port) throws IOException {
        return new RawControlClient(port, false, null);
    }

    /** The TLS protocol of the connection, or null without TLS. */
    public String tlsProtocol() {
        return socket instanceof SSLSocket secure ? secure.getSession().getProtocol() : null;
    }

    public void send(ClientMessage message) throws IOException {
        message.writeDelimitedTo(out);
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message, or null when the server closed the connection. */
    public ServerMessage receive() throws IOException {
        return ServerMessage.parseDelimitedFrom(in);
    }

    /** True when the server closes the connection within the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset counts as closed
        }
    }

    /** True when the connection is still open and silent after {@code millis}. */
    public boolean stillOpenAfter(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
