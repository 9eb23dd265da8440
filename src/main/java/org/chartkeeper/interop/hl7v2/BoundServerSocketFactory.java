package org.chartkeeper.interop.hl7v2;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server sockets for HAPI's MLLP server that bind to one address (HAPI binds to all interfaces) and hold at most
 * {@code maxConnections} connections: one more is closed as soon as it is accepted, so that every open connection
 * keeps its reader thread (on which its messages are applied) in the bounded {@link OrderedExecutor}.
 */
final class BoundServerSocketFactory implements ca.uhn.hl7v2.util.SocketFactory {

    private static final Logger log = LoggerFactory.getLogger(BoundServerSocketFactory.class);

    private final InetAddress address;
    private final Semaphore slots;
    private final int readTimeoutMillis;

    BoundServerSocketFactory(InetAddress address, int maxConnections, int readTimeoutMillis) {
        this.address = address;
        this.slots = new Semaphore(maxConnections);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public Socket createSocket() {
        return new Socket();
    }

    @Override
    public Socket createTlsSocket() {
        throw new UnsupportedOperationException("TLS is not configured for the HL7 listener");
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new Bounded();
    }

    @Override
    public ServerSocket createTlsServerSocket() {
        throw new UnsupportedOperationException("TLS is not configured for the HL7 listener");
    }

    @Override
    public void configureNewAcceptedSocket(Socket socket) throws SocketException {
        // a frame that stalls this long half-way is dropped by HAPI's reader (it logs a warning with the byte count)
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true);
    }

    private final class Bounded extends ServerSocket {

        Bounded() throws IOException {
            super();
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            int port = endpoint instanceof InetSocketAddress a ? a.getPort() : 0;
            setReuseAddress(true);
            super.bind(new InetSocketAddress(address, port), backlog);
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Counted s = new Counted();
                implAccept(s);
                if (slots.tryAcquire()) {
                    s.holdsSlot.set(true);
                    return s;
                }
                log.warn("HL7 connection from {} refused: {} connections are open already (chartkeeper.hl7.max-connections)",
                        s.getInetAddress().getHostAddress(), slots.availablePermits() == 0 ? "all" : "too many");
                s.close();
            }
        }
    }

    /** The largest message taken (10 MB); a larger frame closes the connection instead of filling the memory. */
    static final int MAX_FRAME_BYTES = 10 * 1024 * 1024;

    /** A connection that gives its slot back when closed, and refuses frames larger than {@link #MAX_FRAME_BYTES}. */
    private final class Counted extends Socket {
        final AtomicBoolean holdsSlot = new AtomicBoolean();
        private java.io.InputStream limited;

        @Override
        public synchronized java.io.InputStream getInputStream() throws IOException {
            if (limited == null) limited = new FrameLimit(super.getInputStream(), MAX_FRAME_BYTES);
            return limited;
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                super.close();
            } finally {
                if (holdsSlot.compareAndSet(true, false)) slots.release();
            }
        }
    }

    /** Counts the bytes since the last MLLP start block (0x0B); past the limit the read fails and HAPI closes the connection. */
    static final class FrameLimit extends java.io.FilterInputStream {
        private final int max;
        private long inFrame;

        FrameLimit(java.io.InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(b);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            for (int i = 0; i < n; i++) count(buf[off + i] & 0xFF);
            return n;
        }

        private void count(int b) throws IOException {
            if (b == 0x0B) {
                inFrame = 0;
            } else if (++inFrame > max) {
                log.warn("HL7 connection closed: a message larger than {} bytes", max);
                throw new IOException("HL7 message larger than " + max + " bytes");
            }
        }
    }
}
