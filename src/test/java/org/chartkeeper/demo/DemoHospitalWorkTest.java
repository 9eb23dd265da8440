package org.chartkeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo hospital starts with the department's work waiting, as a real one would: documents in the charts, scanned
 * batches to index (a mailed PDF and a fax of page images), open deficiencies, physician queries waiting for answers,
 * and release requests in every state.
 */
@IntegrationTest
class DemoHospitalWorkTest {

    @Autowired
    JdbcClient jdbc;

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void scanned_batches_wait_for_indexing_including_a_fax_of_page_images() {
        assertThat(count("select count(*) from scan_batch where status = 'open'")).isGreaterThanOrEqualTo(2);
        List<String> types = jdbc.sql("select distinct p.media_type from scan_page p join scan_batch b on b.id = p.batch_id"
                + " where b.status = 'open' order by 1").query(String.class).list();
        assertThat(types).as("page media types of the waiting batches").contains("application/pdf")
                .anySatisfy(t -> assertThat(t).startsWith("image/"));
        assertThat(count("select count(*) from work_item where item_type = 'scan-indexing' and upper(status) in ('OPEN', 'IN_PROGRESS')"))
                .as("each waiting batch in the indexing queue").isGreaterThanOrEqualTo(2);
    }

    @Test
    void the_charts_have_documents_open_deficiencies_and_queries_waiting_for_answers() {
        assertThat(count("select count(*) from document")).isGreaterThan(1000);
        assertThat(count("select count(*) from document where status = 'draft'")).as("unsigned notes").isPositive();
        assertThat(count("select count(*) from deficiency where status = 'open'")).isPositive();
        assertThat(count("select count(distinct responsible_provider_id) from deficiency where status = 'open'"))
                .as("providers with something to complete").isGreaterThan(1);
        assertThat(count("select count(*) from physician_query where status in ('SENT', 'ESCALATED', 'sent', 'escalated')"))
                .as("queries waiting for the provider").isPositive();
    }

    @Test
    void old_records_wait_on_the_destruction_list_and_the_ones_on_legal_hold_are_kept() {
        assertThat(count("select count(*) from document where type_code = 'correspondence' and service_at < timestamp with"
                + " time zone '2018-01-01 00:00:00+00' and not legal_hold")).as("letters past 7 years").isPositive();
        assertThat(count("select count(*) from document where legal_hold and service_at < timestamp with time zone"
                + " '2017-01-01 00:00:00+00'")).as("old records on legal hold").isGreaterThanOrEqualTo(2);
    }

    @Test
    void release_requests_are_in_every_state() {
        List<String> states = jdbc.sql("select distinct lower(status) from roi_request").query(String.class).list();
        assertThat(states).contains("received", "pended", "in_progress", "completed", "denied", "cancelled");
    }
}
