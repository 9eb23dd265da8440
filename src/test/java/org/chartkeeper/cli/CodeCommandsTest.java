package org.chartkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.coding.CodeSetService;
import org.chartkeeper.coding.CodeSetVersion;
import org.chartkeeper.coding.CodeSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;

/**
 * {@code codes import FILE...} and {@code codes list}, run as the command line runs them (picocli with the commands
 * made by Spring), on a small ICD-10-PCS order file of fiscal year 2036 (a year no other test covers).
 */
@IntegrationTest
class CodeCommandsTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    CodeSetService codes;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    /** Runs {@code chartkeeper <args>} against the test application, capturing what it prints. */
    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine.IFactory spring = new CommandLine.IFactory() {
                @Override
                public <K> K create(Class<K> cls) throws Exception {
                    try {
                        return context.getAutowireCapableBeanFactory().createBean(cls);
                    } catch (Exception e) {
                        return CommandLine.defaultFactory().create(cls);
                    }
                }
            };
            exit = new CommandLine(new AdminCommandLine.RootCommand(), spring).execute(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A line of the CMS order-file layout: order number, code, flag, short title (60), long title. */
    private static String line(int order, String code, char flag, String title) {
        return String.format("%05d %-7s %c %-60s %s\r\n", order, code, flag, title.length() > 60 ? title.substring(0, 60) : title, title);
    }

    @Test
    void codes_import_reads_a_cms_order_file_into_a_version_of_its_fiscal_year_and_again_changes_nothing() throws IOException {
        Path file = dir.resolve("icd10pcs_order_2036.txt");
        Files.writeString(file, line(1, "0DT", '0', "Gastrointestinal System, Resection")
                + line(2, "0DTJ0ZZ", '1', "Resection of Appendix, Open Approach")
                + line(3, "0DTJ4ZZ", '1', "Resection of Appendix, Percutaneous Endoscopic Approach"), StandardCharsets.ISO_8859_1);

        Run first = run("codes", "import", file.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("Imported ICD-10-PCS FY2036 from icd10pcs_order_2036.txt: 2 billable codes,"
                + " 1 headers, effective 2035-10-01 to 2036-09-30");
        CodeSetVersion v = codes.versions().stream().filter(x -> x.label().equals("ICD-10-PCS FY2036")).findFirst().orElseThrow();
        assertThat(v.system()).isEqualTo(CodeSystem.ICD10PCS);
        assertThat(v.billableCount()).isEqualTo(2);
        assertThat(v.headerCount()).isEqualTo(1);
        assertThat(codes.isValid(CodeSystem.ICD10PCS, "0DTJ4ZZ", LocalDate.of(2036, 3, 1))).isTrue();
        assertThat(codes.isValid(CodeSystem.ICD10PCS, "0DT", LocalDate.of(2036, 3, 1))).as("a header").isFalse();
        String audited = jdbc.sql("select username || ' ' || detail from audit_event where action = 'ADMIN_CHANGE' and"
                + " resource_type = 'CodeSetVersion' and resource_id = ?").param(String.valueOf(v.id())).query(String.class).single();
        assertThat(audited).startsWith("cli:").contains("imported ICD-10-PCS FY2036 from icd10pcs_order_2036.txt");

        long versions = codes.versions().size();
        Run again = run("codes", "import", file.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("Unchanged: ICD-10-PCS FY2036 from icd10pcs_order_2036.txt was already imported");
        assertThat(codes.versions()).hasSize((int) versions);

        Run list = run("codes", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("ICD-10-PCS FY2036", "2035-10-01 to 2036-09-30", "icd10pcs_order_2036.txt");
    }

    @Test
    void codes_import_refuses_a_missing_or_unknown_file_with_exit_code_2_and_imports_nothing() throws IOException {
        long versions = codes.versions().size();
        Run missing = run("codes", "import", dir.resolve("icd10cm_order_2039.txt").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Cannot read");

        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello");
        Run unknown = run("codes", "import", notes.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Nothing imported", "notes.txt is not a known code-set file");
        assertThat(codes.versions()).hasSize((int) versions);
    }
}
