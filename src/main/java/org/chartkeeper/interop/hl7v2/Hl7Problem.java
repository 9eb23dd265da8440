package org.chartkeeper.interop.hl7v2;

/**
 * Why a message cannot be applied, said the way HL7 says it: where (ERR-2), the code of table 0357 (ERR-3), the
 * acknowledgement code (AE for content errors, AR for a message this system does not take) and a sentence for the
 * technician (ERR-8). The message is kept as failed; nothing of it is applied.
 */
class Hl7Problem extends RuntimeException {

    static final String REQUIRED_FIELD_MISSING = "101";
    static final String DATA_TYPE_ERROR = "102";
    static final String TABLE_VALUE_NOT_FOUND = "103";
    static final String UNSUPPORTED_MESSAGE_TYPE = "200";
    static final String UNSUPPORTED_EVENT = "201";
    static final String UNSUPPORTED_PROCESSING_ID = "202";
    static final String UNSUPPORTED_VERSION = "203";
    static final String UNKNOWN_KEY = "204";
    static final String DUPLICATE_KEY = "205";
    static final String RECORD_LOCKED = "206";
    static final String INTERNAL_ERROR = "207";

    private final Hl7Location location;
    private final String code;
    private final String ackCode;

    Hl7Problem(Hl7Location location, String code, String text) {
        this(location, code, code.startsWith("2") && !code.equals(UNKNOWN_KEY) && !code.equals(DUPLICATE_KEY)
                && !code.equals(RECORD_LOCKED) ? "AR" : "AE", text);
    }

    Hl7Problem(Hl7Location location, String code, String ackCode, String text) {
        super(text, null, false, false);
        this.location = location;
        this.code = code;
        this.ackCode = ackCode;
    }

    Hl7Location location() {
        return location;
    }

    String code() {
        return code;
    }

    String ackCode() {
        return ackCode;
    }

    static String codeText(String code) {
        return switch (code) {
            case REQUIRED_FIELD_MISSING -> "Required field missing";
            case DATA_TYPE_ERROR -> "Data type error";
            case TABLE_VALUE_NOT_FOUND -> "Table value not found";
            case UNSUPPORTED_MESSAGE_TYPE -> "Unsupported message type";
            case UNSUPPORTED_EVENT -> "Unsupported event code";
            case UNSUPPORTED_PROCESSING_ID -> "Unsupported processing id";
            case UNSUPPORTED_VERSION -> "Unsupported version id";
            case UNKNOWN_KEY -> "Unknown key identifier";
            case DUPLICATE_KEY -> "Duplicate key identifier";
            case RECORD_LOCKED -> "Application record locked";
            default -> "Application internal error";
        };
    }
}
