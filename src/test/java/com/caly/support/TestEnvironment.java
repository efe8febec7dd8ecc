package com.caly.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * What every test run needs, set up once per test JVM: a database of its own on the local PostgreSQL (created by
 * the application on start, dropped here at the end), an in-process SMTP server, and known secrets.
 */
public class TestEnvironment implements LauncherSessionListener {

    public static final String JWT_SECRET = "test-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    /** An origin webhook endpoints may use in any test: nothing listens there, so its deliveries just fail. */
    public static final String WEBHOOK_SINK = "http://127.0.0.1:9";

    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789-operators-only";
    public static final String SERVER = System.getenv().getOrDefault("TEST_POSTGRES", "127.0.0.1:5432");

    private static final Map<String, String> SETTINGS = new LinkedHashMap<>();
    private static String database;
    private static int providerRecordingPort;
    private static GreenMail mail;
    private static TestS3Server s3;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        database = "caly_test_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        set("DATABASE_URL", "postgresql://postgres@" + SERVER + "/" + database);
        set("JWT_SECRET", JWT_SECRET);
        set("SESSION_SECRET", "test-session-secret-0123456789-ABCDEFGHIJKLMNOPQRSTUV");
        set("ENCRYPTION_KEY", "test-encryption-key-0123456789-zyxwvutsrqponmlkjihgfe");
        int smtpPort = freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        set("SMTP_HOST", "127.0.0.1");
        set("SMTP_PORT", Integer.toString(smtpPort));
        set("SMTP_STARTTLS", "false");
        set("SMTP_FROM", "Caly Test <no-reply@caly.test>");
        try {
            s3 = new TestS3Server();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        s3.start();
        set("WASABI_ENABLED", "true");
        set("WASABI_ENDPOINT", s3.endpoint());
        set("WASABI_REGION", TestS3Server.REGION);
        set("WASABI_BUCKET_NAME", TestS3Server.BUCKET);
        set("WASABI_ACCESS_KEY_ID", TestS3Server.ACCESS_KEY);
        set("WASABI_SECRET_ACCESS_KEY", TestS3Server.SECRET_KEY);
        set("RECORDING_UPLOAD_AUTO_START", "false");
        set("RECORDINGS_SPOOL_DIR", tempDirectory("caly-spool"));
        set("RECORDINGS_DIR", tempDirectory("caly-recordings"));
        set("EXOTEL_SID", "test-exotel-sid");
        set("EXOTEL_TOKEN", "test-exotel-token");
        set("OPERATOR_TOKEN", OPERATOR_TOKEN);
        // the loopback stand-in for Exotel's recording host, allowed explicitly: the default refuses loopback
        providerRecordingPort = freePort();
        set("EXOTEL_RECORDING_HOSTS", "http://127.0.0.1:" + providerRecordingPort);
        set("WEBHOOK_ALLOWED_PRIVATE_ORIGINS", WEBHOOK_SINK);
        set("CORS_ORIGIN", "https://app.caly.test, https://admin.caly.test");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (mail != null) {
            mail.stop();
        }
        if (s3 != null) {
            s3.stop();
        }
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists \"" + database + "\" with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + database + ": " + e.getMessage());
        }
    }

    private static void set(String name, String value) {
        SETTINGS.put(name, value);
        System.setProperty(name, value);
    }

    /** The settings of this test run as JVM options, for an instance started as a process of its own. */
    public static List<String> jvmOptions() {
        return SETTINGS.entrySet().stream()
                .map(setting -> "-D" + setting.getKey() + "=" + setting.getValue())
                .toList();
    }

    public static TestS3Server s3() {
        return s3;
    }

    private static String tempDirectory(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix).toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port a test's stand-in for Exotel's recording host listens on (the one allow-listed origin). */
    public static int providerRecordingPort() {
        return providerRecordingPort;
    }

    public static GreenMail mail() {
        return mail;
    }

    public static String databaseName() {
        return database;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
