package com.caly.voice.fake;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A small RFC 6455 server on loopback, enough for a fake of a WebSocket API: the upgrade handshake, text frames
 * (fragmented or not, masked from the client), close and ping. One thread per connection. Each connection is
 * handed to the {@link Acceptor}, which may refuse it with an HTTP status before the upgrade.
 */
public final class WebSocketServer implements AutoCloseable {

    /** Decides on an upgrade request and, when it is accepted, handles the connection. */
    public interface Acceptor {
        /** Returns 101 to accept, or the HTTP status to refuse with. */
        int accept(String path, Map<String, String> headers);

        void opened(Connection connection);

        /** A plain HTTP request (no upgrade): returns the status and the JSON body to answer with. */
        default String[] http(String method, String path, Map<String, String> headers, String body) {
            return new String[] {"404", "{}"};
        }
    }

    /** One accepted connection. */
    public abstract static class Connection {
        private final Socket socket;
        private final OutputStream out;
        private volatile boolean closed;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        public abstract void text(String message);

        public abstract void closedByPeer(int code);

        public synchronized void send(String text) {
            if (closed) {
                return;
            }
            try {
                writeFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                closed = true;
            }
        }

        /** Sends a close frame with the code and closes the socket. */
        public synchronized void close(int code, String reason) {
            if (closed) {
                return;
            }
            byte[] why = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + why.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(why, 0, payload, 2, why.length);
            try {
                writeFrame(0x8, payload);
            } catch (IOException ignored) {
                // the peer is gone already
            }
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        public boolean isClosed() {
            return closed;
        }

        private void writeFrame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65_536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >> shift));
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    /** Makes the connection object for an accepted socket. */
    public interface ConnectionFactory {
        Connection create(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private volatile boolean running = true;

    public WebSocketServer(int port, Acceptor decide, ConnectionFactory connections) throws IOException {
        this.server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(
                () -> {
                    while (running) {
                        try {
                            Socket socket = server.accept();
                            Thread thread = new Thread(() -> serve(socket, decide, connections), "fake-ws");
                            thread.setDaemon(true);
                            thread.start();
                        } catch (IOException e) {
                            if (running) {
                                System.err.println("fake server accept: " + e);
                            }
                        }
                    }
                },
                "fake-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
    }

    private static void serve(Socket socket, Acceptor decide, ConnectionFactory connections) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
            }
            String path = requestLine.split(" ")[1];
            OutputStream out = socket.getOutputStream();
            if (!"websocket".equalsIgnoreCase(headers.getOrDefault("upgrade", ""))) {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                String[] answer = decide.http(requestLine.split(" ")[0], path, headers, body);
                byte[] bytes = answer[1].getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + answer[0] + " OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + bytes.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                return;
            }
            int status = decide.accept(path, headers);
            if (status != 101) {
                out.write(("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((headers.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Connection connection = connections.create(socket);
            decide.opened(connection);
            try {
                read(in, connection);
            } catch (IOException e) {
                // reset or aborted by the peer
            }
            if (!connection.isClosed()) {
                connection.closed = true;
            }
            connection.closedByPeer(1006);
        } catch (Exception e) {
            // the connection ends
        }
    }

    private static void read(InputStream in, Connection connection) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (!connection.isClosed()) {
            int first = in.read();
            if (first < 0) {
                return;
            }
            int second = in.read();
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            long length = second & 0x7F;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
            byte[] payload = in.readNBytes((int) length);
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
            }
            if (opcode == 0x8) {
                connection.close(1000, "");
                return;
            }
            if (opcode == 0x9) {
                synchronized (connection) {
                    connection.writeFrame(0xA, payload);
                }
                continue;
            }
            if (opcode == 0x1 || opcode == 0x0) {
                message.write(payload);
                if (fin) {
                    connection.text(message.toString(StandardCharsets.UTF_8));
                    message.reset();
                }
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
