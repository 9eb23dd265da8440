package org.chartkeeper.coding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.chartkeeper.InvalidRequestException;

/**
 * A code-set file read into codes, exactly as CMS distributes it: the ICD-10-CM or ICD-10-PCS order file
 * ({@code icd10cm_order_2026.txt}, {@code icd10pcs_order_2026.txt}) or the HCPCS Level II alpha-numeric file
 * ({@code HCPC2019_CONTR_ANWEB.txt}), each alone or inside the zip CMS publishes; or a user-supplied CPT file (CSV
 * {@code code,description}, the year given separately). The year of CMS files comes from the file name.
 *
 * <p>Order-file layout: order number (5), blank, code (7), blank, flag 0/1 (1), blank, short title (60), blank, long
 * title to the end of the line. HCPCS layout (record layout of the HCPCS file): code 1-5, sequence 6-10, record
 * identifier 11 (3 procedure, 4 its continuation, 7 modifier, 8 its continuation), long description 12-91, short
 * description 92-119, termination date 285-292 (yyyyMMdd).
 */
public record CodeSetFile(CodeSystem system, int year, String sourceName, String entryName, String sha256,
                          List<CodeEntry> entries) {

    private static final Pattern CM_ORDER = Pattern.compile("(?:.*/)?icd10cm_order_(\\d{4})\\.txt", Pattern.CASE_INSENSITIVE);
    private static final Pattern PCS_ORDER = Pattern.compile("(?:.*/)?icd10pcs_order_(\\d{4})\\.txt", Pattern.CASE_INSENSITIVE);
    private static final Pattern HCPCS_FILE = Pattern.compile("(?:.*/)?HCPC(\\d{4})_CONTR_ANWEB\\.txt", Pattern.CASE_INSENSITIVE);
    private static final Pattern CPT_CODE = Pattern.compile("[0-9]{4}[0-9A-Z]");
    private static final Pattern CM_CODE = Pattern.compile("[A-Z][0-9A-Z]{2,6}");
    private static final Pattern PCS_CODE = Pattern.compile("[0-9A-HJ-NP-Z]{3,7}");
    private static final Pattern HCPCS_CODE = Pattern.compile("[A-Z0-9]{2,5}");
    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;
    private static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    public int billableCount() {
        return (int) entries.stream().filter(CodeEntry::billable).count();
    }

    public int headerCount() {
        return entries.size() - billableCount();
    }

    /**
     * Reads a file as uploaded. {@code cptYear} is needed for a CPT file only.
     *
     * @throws InvalidRequestException (field {@code file}) naming what is wrong: an unknown file, a bad line
     */
    public static CodeSetFile read(String fileName, byte[] content, Integer cptYear) {
        if (content == null || content.length == 0) throw new InvalidRequestException("file", "The file is empty");
        String name = fileName == null || fileName.isBlank() ? "upload" : fileName.strip();
        String sha = sha256(content);
        String lower = name.toLowerCase(Locale.ROOT);
        if (isZip(content)) return fromZip(name, content, sha);
        if (lower.endsWith(".csv")) return cpt(name, content, sha, cptYear);
        CodeSetFile f = fromEntry(name, name, content, sha);
        if (f != null) return f;
        throw unknown(name);
    }

    private static CodeSetFile fromZip(String name, byte[] content, String sha) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory() || !isCodeFile(e.getName())) continue;
                CodeSetFile f = fromEntry(name, e.getName(), readLimited(zip), sha);
                if (f != null) return f;
            }
        } catch (ZipException e) {
            throw new InvalidRequestException("file", name + " is not a readable zip file");
        } catch (IOException e) {
            throw new InvalidRequestException("file", name + " could not be read as a zip file");
        }
        throw unknown(name);
    }

    private static boolean isCodeFile(String entryName) {
        return CM_ORDER.matcher(entryName).matches() || PCS_ORDER.matcher(entryName).matches()
                || HCPCS_FILE.matcher(entryName).matches();
    }

    private static CodeSetFile fromEntry(String sourceName, String entryName, byte[] bytes, String sha) {
        Matcher m;
        if ((m = CM_ORDER.matcher(entryName)).matches()) {
            return new CodeSetFile(CodeSystem.ICD10CM, year(m), sourceName, entryName, sha, orderFile(entryName, bytes, CM_CODE));
        }
        if ((m = PCS_ORDER.matcher(entryName)).matches()) {
            return new CodeSetFile(CodeSystem.ICD10PCS, year(m), sourceName, entryName, sha, orderFile(entryName, bytes, PCS_CODE));
        }
        if ((m = HCPCS_FILE.matcher(entryName)).matches()) {
            return new CodeSetFile(CodeSystem.HCPCS, year(m), sourceName, entryName, sha, hcpcs(entryName, bytes));
        }
        return null;
    }

    private static int year(Matcher m) {
        int y = Integer.parseInt(m.group(1));
        if (y < 2000 || y > 2100) throw new InvalidRequestException("file", "Unexpected year " + y + " in the file name");
        return y;
    }

    static List<CodeEntry> orderFile(String name, byte[] bytes, Pattern codePattern) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<CodeEntry> entries = new ArrayList<>(text.length() / 150);
        Map<String, Boolean> seen = new LinkedHashMap<>();
        int lineNo = 0;
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = n;
            lineNo++;
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            if (line.isBlank()) continue;
            if (line.length() < 17 || !digits(line, 0, 5) || line.charAt(5) != ' ' || line.charAt(13) != ' '
                    || line.charAt(15) != ' ') {
                throw badLine(name, lineNo, "does not follow the order-file layout (order number, code, flag, titles)");
            }
            String code = line.substring(6, 13).strip();
            char flag = line.charAt(14);
            if (!codePattern.matcher(code).matches()) throw badLine(name, lineNo, "has an invalid code '" + code + "'");
            if (flag != '0' && flag != '1') throw badLine(name, lineNo, "has the flag '" + flag + "' (expected 0 or 1)");
            String shortTitle = line.substring(16, Math.min(76, line.length())).strip();
            String title = line.length() > 77 ? line.substring(77).strip() : shortTitle;
            if (title.isEmpty()) throw badLine(name, lineNo, "has no title");
            if (seen.put(code, Boolean.TRUE) != null) throw badLine(name, lineNo, "repeats the code " + code);
            entries.add(new CodeEntry(code, flag == '1', shortTitle, title, null));
        }
        if (entries.isEmpty()) throw new InvalidRequestException("file", name + " contains no codes");
        return entries;
    }

    static List<CodeEntry> hcpcs(String name, byte[] bytes) {
        String[] lines = new String(bytes, WINDOWS_1252).split("\r?\n");
        Map<String, CodeEntry> byCode = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            // the file opens with free-text disclaimers; records are the fixed-width lines with a record identifier
            if (line.length() < 119) continue;
            char rec = line.charAt(10);
            if (rec != '3' && rec != '4' && rec != '7' && rec != '8') continue;
            String code = line.substring(0, 5).strip();
            if (!HCPCS_CODE.matcher(code).matches() || !digits(line, 5, 10)) continue;
            String longPart = line.substring(11, 91).strip();
            if (rec == '4' || rec == '8') {
                CodeEntry first = byCode.get(code);
                if (first == null) throw badLine(name, i + 1, "continues the description of " + code + " before its first line");
                byCode.put(code, new CodeEntry(code, first.billable(), first.shortTitle(),
                        (first.title() + " " + longPart).strip(), first.terminatedOn()));
                continue;
            }
            String shortTitle = line.substring(91, 119).strip();
            LocalDate terminated = null;
            if (line.length() >= 292 && !line.substring(284, 292).isBlank()) {
                try {
                    terminated = LocalDate.parse(line.substring(284, 292), YMD);
                } catch (DateTimeParseException e) {
                    throw badLine(name, i + 1, "has an unreadable termination date");
                }
            }
            // modifiers (record 7) are not reported alone: kept for look-up, marked not billable
            byCode.put(code, new CodeEntry(code, rec == '3', shortTitle, longPart, terminated));
        }
        if (byCode.isEmpty()) throw new InvalidRequestException("file", name + " contains no HCPCS records");
        return new ArrayList<>(byCode.values());
    }

    private static CodeSetFile cpt(String name, byte[] content, String sha, Integer year) {
        if (year == null) throw new InvalidRequestException("year", "Give the year of the CPT file (for example 2026)");
        if (year < 2000 || year > 2100) throw new InvalidRequestException("year", "The year must be between 2000 and 2100");
        List<CodeEntry> entries = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        try {
            var records = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).get()
                    .parse(new StringReader(new String(content, StandardCharsets.UTF_8).replace("\uFEFF", "")));
            for (CSVRecord r : records) {
                if (r.size() < 2) throw badLine(name, (int) r.getRecordNumber(), "needs two columns: code,description");
                String code = r.get(0).toUpperCase(Locale.ROOT);
                if (r.getRecordNumber() == 1 && code.equals("CODE")) continue;
                if (!CPT_CODE.matcher(code).matches()) {
                    throw badLine(name, (int) r.getRecordNumber(), "has an invalid CPT code '" + clip(code) + "'");
                }
                String title = r.get(1);
                if (title.isEmpty()) throw badLine(name, (int) r.getRecordNumber(), "has no description");
                if (seen.put(code, Boolean.TRUE) != null) throw badLine(name, (int) r.getRecordNumber(), "repeats the code " + code);
                entries.add(new CodeEntry(code, true, title.length() > 100 ? title.substring(0, 100) : title,
                        title.length() > 2000 ? title.substring(0, 2000) : title, null));
            }
        } catch (java.io.UncheckedIOException | IllegalStateException | IOException e) {
            throw new InvalidRequestException("file", name + " is not a readable CSV file (code,description)");
        }
        if (entries.isEmpty()) throw new InvalidRequestException("file", name + " contains no codes");
        return new CodeSetFile(CodeSystem.CPT, year, name, name, sha, entries);
    }

    private static InvalidRequestException unknown(String name) {
        return new InvalidRequestException("file", name + " is not a known code-set file: give the CMS zip or its"
                + " icd10cm_order_YYYY.txt, icd10pcs_order_YYYY.txt or HCPCYYYY_CONTR_ANWEB.txt, or a CPT file as CSV"
                + " (code,description)");
    }

    private static InvalidRequestException badLine(String name, int line, String what) {
        return new InvalidRequestException("file", name + " line " + line + " " + what);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private static String clip(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }

    private static boolean isZip(byte[] b) {
        return b.length > 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] b = in.readNBytes((int) MAX_ENTRY_BYTES + 1);
        if (b.length > MAX_ENTRY_BYTES) throw new InvalidRequestException("file", "A file in the zip is larger than 64 MB");
        return b;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
