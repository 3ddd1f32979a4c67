package io.lading.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** One line of a job's timeline: a status change or attempt, with the node and a message. */
@Entity
@Table(name = "job_events")
public class JobEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false) private UUID jobId;

    @Column(nullable = false) private OffsetDateTime at;

    @Column(nullable = false) private String status;

    @Column(nullable = false) private int attempt;

    @Column(name = "node_id") private String nodeId;

    private String message;

    protected JobEvent() {
    }

    public JobEvent(Job job, String message) {
        this.jobId = job.id();
        this.at = OffsetDateTime.now(ZoneOffset.UTC);
        this.status = job.status().name();
        this.attempt = job.attempts();
        this.nodeId = job.nodeId();
        this.message = message;
    }

    public OffsetDateTime at() {
        return at;
    }

    public String status() {
        return status;
    }

    public int attempt() {
        return attempt;
    }

    public String nodeId() {
        return nodeId;
    }

    public String message() {
        return message;
    }
}
