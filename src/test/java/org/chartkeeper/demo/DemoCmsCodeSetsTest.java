package org.chartkeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** With the CMS files at hand the demo imports them beside its seed, each file once; without them it keeps its seed. */
@IntegrationTest
class DemoCmsCodeSetsTest {

    @Autowired
    DemoCmsCodeSets demoCodeSets;

    @Autowired
    JdbcClient jdbc;

    @Test
    void the_demo_imports_the_CMS_files_it_is_given_once_and_keeps_its_seed(@TempDir Path dir) throws Exception {
        Path pcs = Path.of("..", "shared", "codesets", "cms_2026_pr.zip");
        assumeTrue(Files.exists(pcs), "../shared/codesets/cms_2026_pr.zip is absent: the CMS import is not tested here");
        Files.copy(pcs, dir.resolve("cms_2026_pr.zip"));
        Files.writeString(dir.resolve("notes.txt"), "not a code set");
        long seeds = jdbc.sql("select count(*) from code_set_version where demo").query(Long.class).single();

        assertThat(demoCodeSets.importAll(dir)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from code_set_version where not demo and code_system = 'ICD10PCS' and code_year = 2026")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(demoCodeSets.importAll(dir)).as("the same file again").isZero();
        assertThat(jdbc.sql("select count(*) from code_set_version where demo").query(Long.class).single()).isEqualTo(seeds);
    }

    @Test
    void a_missing_directory_or_a_bad_file_changes_nothing(@TempDir Path dir) throws Exception {
        long versions = jdbc.sql("select count(*) from code_set_version").query(Long.class).single();
        assertThat(demoCodeSets.importAll(dir.resolve("absent"))).isZero();
        Files.write(dir.resolve("broken.zip"), new byte[] {1, 2, 3});
        assertThat(demoCodeSets.importAll(dir)).isZero();
        assertThat(jdbc.sql("select count(*) from code_set_version").query(Long.class).single()).isEqualTo(versions);
    }
}
