package org.chartkeeper;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Chartkeeper's own settings; the README's configuration table lists each one. */
@ConfigurationProperties("chartkeeper")
public record ChartkeeperProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("false") boolean demo,
        Demo demoHospital,
        Security security,
        Hl7 hl7,
        Record record) {

    public ChartkeeperProperties {
        if (demoHospital == null) demoHospital = new Demo(5000, 20000, 20240101L);
        if (security == null) security = new Security(Duration.ofMinutes(15), 5, Duration.ofMinutes(15), true, null);
        if (hl7 == null) hl7 = new Hl7(2575, "127.0.0.1", 16, Duration.ofSeconds(5), null);
        if (record == null) record = new Record(DataSize.ofMegabytes(200));
    }

    /** Size and seed of the synthetic demo hospital. */
    public record Demo(@DefaultValue("5000") int patients, @DefaultValue("20000") int encounters,
                       @DefaultValue("20240101") long seed) {}

    public record Security(
            @DefaultValue("15m") Duration sessionTimeout,
            @DefaultValue("5") int lockoutAttempts,
            @DefaultValue("15m") Duration lockoutDuration,
            @DefaultValue("true") boolean mfaEnforced,
            /** Base64 AES key for secrets at rest (MFA secrets); generated into the data directory when absent. */
            String secretKey) {}

    /**
     * The HL7 v2 MLLP listener: port (0 = off), the address it binds to, how many connections it holds at once, how
     * long a frame may stall half-way before it is dropped, and the time zone of HL7 times that carry no offset
     * (default: the server's).
     */
    public record Hl7(@DefaultValue("2575") int port, @DefaultValue("127.0.0.1") String bindAddress,
                      @DefaultValue("16") int maxConnections, @DefaultValue("5s") Duration readTimeout, String zone) {

        public java.time.ZoneId zoneId() {
            return zone == null || zone.isBlank() ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(zone);
        }
    }

    /** The legal health record: the largest upload (one file or a scanned batch) the upload endpoints accept. */
    public record Record(@DefaultValue("200MB") DataSize maxUpload) {}
}
