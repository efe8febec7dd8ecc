package com.caly.shared.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;

/**
 * Creates the application's database on first start when the server has none of that name, so that a fresh
 * machine needs nothing but a running PostgreSQL.
 */
final class DatabaseCreator {

    private static final String INVALID_CATALOG_NAME = "3D000";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");

    private final Log log;

    DatabaseCreator(Log log) {
        this.log = log;
    }

    void ensureExists(DatabaseUrl url) {
        try (Connection ignored = connect(url)) {
            return;
        } catch (SQLException e) {
            if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
                log.warn("Could not check that database '" + url.databaseName() + "' exists: " + e.getMessage());
                return;
            }
        }
        String name = url.databaseName();
        if (!SAFE_NAME.matcher(name).matches()) {
            log.warn("Database '" + name + "' does not exist and its name is not one Caly creates by itself");
            return;
        }
        try (Connection connection = connect(url.withDatabase("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("create database \"" + name + "\"");
            log.info("Created database '" + name + "'");
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // another instance created it first
            }
            log.warn("Could not create database '" + name + "': " + e.getMessage());
        }
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        Properties properties = new Properties();
        if (url.username() != null) {
            properties.setProperty("user", url.username());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }
}
