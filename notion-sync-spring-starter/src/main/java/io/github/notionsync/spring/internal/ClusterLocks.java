package io.github.notionsync.spring.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Coordination between application instances through PostgreSQL: session advisory locks (one
 * instance syncs a database at a time) and a job-run table (a scheduled job runs once per
 * firing).
 */
public final class ClusterLocks {

    /** A held lock; closing it releases the lock and its connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final DataSource dataSource;
    private final String schema;
    private final String instance;

    public ClusterLocks(DataSource dataSource, String schema, String instance) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.instance = instance;
    }

    /** Takes the advisory lock for {@code key} if no other session holds it. */
    public Optional<Held> tryLock(String key) {
        return acquire(key, false);
    }

    /** Takes the advisory lock for {@code key}, waiting while another session holds it. */
    public Held lock(String key) {
        return acquire(key, true).orElseThrow();
    }

    private Optional<Held> acquire(String key, boolean wait) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement(wait
                    ? "SELECT true FROM (SELECT pg_advisory_lock(hashtextextended(?, 0))) AS waited"
                    : "SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
                ps.setString(1, "notion-sync:" + key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                c.close();
                return Optional.empty();
            }
            Connection held = c;
            return Optional.of(() -> {
                try (held; PreparedStatement ps = held.prepareStatement(
                        "SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
                    ps.setString(1, "notion-sync:" + key);
                    ps.execute();
                } catch (SQLException e) {
                    // closing the connection ends the session, which releases the lock anyway
                }
            });
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing
                }
            }
            throw new IllegalStateException("Could not take the lock " + key + ": " + e.getMessage(), e);
        }
    }

    /** Claims one firing of a scheduled job; true for exactly one instance per firing. */
    public boolean claimJob(String job, Instant scheduledFor) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + schema + ".notion_sync_job_runs (job_name, scheduled_for, instance) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, job);
            ps.setObject(2, java.sql.Timestamp.from(scheduledFor));
            ps.setString(3, instance);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim job " + job + ": " + e.getMessage(), e);
        }
    }

    /** Records how a claimed job ended. */
    public void finishJob(String job, Instant scheduledFor, String outcome) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + schema + ".notion_sync_job_runs SET finished_at = now(), outcome = ?"
                        + " WHERE job_name = ? AND scheduled_for = ?")) {
            ps.setString(1, outcome);
            ps.setString(2, job);
            ps.setObject(3, java.sql.Timestamp.from(scheduledFor));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record job " + job + ": " + e.getMessage(), e);
        }
    }
}
