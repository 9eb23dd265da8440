package org.chartkeeper.interop.hl7v2;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MLLP client (start block 0x0B, end block 0x1C 0x0D): sends a message's bytes and reads the answer. The
 * load benchmark and the tests use it, so what they measure is the real socket path.
 */
public final class MllpClient implements Closeable {

    private static final int START = 0x0B;
    private static final int END = 0x1C;
    private static final int CR = 0x0D;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public MllpClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends one message and waits for its answer. */
    public String send(String message) throws IOException {
        return send(message.getBytes(StandardCharsets.UTF_8));
    }

    public String send(byte[] message) throws IOException {
        write(message);
        return read();
    }

    /** Sends without waiting (pipelining); read the answers with {@link #read()}. */
    public void write(byte[] message) throws IOException {
        byte[] frame = new byte[message.length + 3];
        frame[0] = START;
        System.arraycopy(message, 0, frame, 1, message.length);
        frame[frame.length - 2] = END;
        frame[frame.length - 1] = CR;
        out.write(frame);
        out.flush();
    }

    public String read() throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) throw new EOFException("the server closed the connection");
        } while (b != START);
        ByteArrayOutputStream answer = new ByteArrayOutputStream(256);
        while (true) {
            b = in.read();
            if (b < 0) throw new EOFException("the server closed the connection mid-answer");
            if (b == END) {
                int next = in.read();
                if (next == CR || next < 0) break;
                answer.write(b);
                answer.write(next);
                continue;
            }
            answer.write(b);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
