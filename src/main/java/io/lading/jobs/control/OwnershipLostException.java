package io.lading.jobs.control;

import java.util.UUID;

/**
 * A run's write found the job's owner epoch moved on: another node claimed the job after this node's heartbeat
 * went stale (a long pause, a network cut). The chunk's transaction rolls back, so nothing of it is committed
 * over the new owner's work.
 */
public class OwnershipLostException extends RuntimeException {

    public OwnershipLostException(UUID jobId, long epoch) {
        super("Job " + jobId + " is no longer run under owner epoch " + epoch + "; another node took it over");
    }
}
