package com.caly.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail relay that takes mail without authentication, like a local postfix without SASL or Mailpit: its EHLO
 * offers no AUTH and it refuses the AUTH command. Mail to a local part starting with {@code reject-} is read to
 * the end and then refused with a 554, so a test can see the message the client sent and that it failed.
 */
public final class TestSmtpRelay implements AutoCloseable {

    /** One message: its recipients, its raw text and whether the relay accepted it. */
    public record Message(List<String> recipients, String raw, boolean accepted) {}

    private final ServerSocket server;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    public TestSmtpRelay() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "test-smtp-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every command verb clients sent, in order (EHLO, MAIL, RCPT, DATA, QUIT...). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> serve(socket), "test-smtp-relay-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            socket.setSoTimeout(10_000);
            reply(out, "220 relay.test ESMTP test relay");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb =
                        (line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line).toUpperCase(Locale.ROOT);
                commands.add(verb);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-relay.test\r\n250-8BITMIME\r\n250 SIZE 10485760");
                    case "HELO", "NOOP" -> reply(out, "250 OK");
                    case "AUTH" -> reply(out, "502 5.5.1 AUTH not offered here");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 2.1.0 OK");
                    }
                    case "RCPT" -> {
                        recipients.add(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')));
                        reply(out, "250 2.1.5 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder raw = new StringBuilder();
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            raw.append(data.startsWith("..") ? data.substring(1) : data)
                                    .append("\r\n");
                        }
                        boolean reject = recipients.stream().anyMatch(to -> to.startsWith("reject-"));
                        messages.add(new Message(List.copyOf(recipients), raw.toString(), !reject));
                        reply(out, reject ? "554 5.7.1 Relay policy refuses this recipient" : "250 2.0.0 queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "500 5.5.2 unknown command");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(Writer out, String text) throws IOException {
        out.write(text + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
