package org.chartkeeper.interop.fhir;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class BulkExportRepository {

    record Job(String id, String level, long userId, String username, String types, OffsetDateTime since,
               String requestUrl, String status, String progress, String error, OffsetDateTime requestedAt,
               OffsetDateTime transactionTime, OffsetDateTime finishedAt) {}

    record File(String resource, String fileName, long resources, String sha256) {}

    private final JdbcClient jdbc;

    BulkExportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Job j) {
        jdbc.sql("insert into fhir_export_job (id, level, user_id, username, types, since, request_url, status,"
                        + " requested_at, transaction_time) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(j.id(), j.level(), j.userId(), j.username(), j.types(), j.since(), j.requestUrl(), j.status(),
                        j.requestedAt(), j.transactionTime())
                .update();
    }

    Optional<Job> find(String id) {
        return jdbc.sql("select id, level, user_id, username, types, since, request_url, status, progress, error,"
                        + " requested_at, transaction_time, finished_at from fhir_export_job where id = ?")
                .param(id).query(Job.class).optional();
    }

    void progress(String id, String progress) {
        jdbc.sql("update fhir_export_job set status = 'running', progress = ? where id = ? and status in ('accepted', 'running')")
                .params(progress, id).update();
    }

    /** Moves a job from a live state to a final one; false if it was no longer live (cancelled meanwhile). */
    boolean finish(String id, String status, String error, OffsetDateTime at) {
        return jdbc.sql("update fhir_export_job set status = ?, error = ?, finished_at = ?, progress = null"
                        + " where id = ? and status in ('accepted', 'running')")
                .params(status, error, at, id).update() == 1;
    }

    void cancel(String id, OffsetDateTime at) {
        jdbc.sql("update fhir_export_job set status = 'cancelled', finished_at = coalesce(finished_at, ?) where id = ?")
                .params(at, id).update();
    }

    void addFile(String jobId, File f) {
        jdbc.sql("insert into fhir_export_file (job_id, resource, file_name, resources, sha256) values (?, ?, ?, ?, ?)")
                .params(jobId, f.resource(), f.fileName(), f.resources(), f.sha256()).update();
    }

    List<File> files(String jobId) {
        return jdbc.sql("select resource, file_name, resources, sha256 from fhir_export_file where job_id = ?"
                + " order by resource").param(jobId).query(File.class).list();
    }

    /** Jobs a restart interrupted: they failed. */
    int failInterrupted(OffsetDateTime at) {
        return jdbc.sql("update fhir_export_job set status = 'failed', error = 'interrupted by a restart; start the"
                + " export again', finished_at = ? where status in ('accepted', 'running')").param(at).update();
    }

    List<String> expired(OffsetDateTime before) {
        return jdbc.sql("select id from fhir_export_job where finished_at < ? and status <> 'expired'").param(before)
                .query(String.class).list();
    }

    void expire(String id) {
        jdbc.sql("update fhir_export_job set status = 'expired' where id = ?").param(id).update();
    }
}
