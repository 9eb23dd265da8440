package org.chartkeeper.security;

/** Permission codes. Which role holds which is data (table role_permission), edited on the Roles page. */
public final class Permissions {
    public static final String PATIENT_SEARCH = "patient.search";
    public static final String PATIENT_READ = "patient.read";
    public static final String PATIENT_READ_CARE = "patient.read.care";
    public static final String PATIENT_READ_RESTRICTED = "patient.read.restricted";
    public static final String PATIENT_WRITE = "patient.write";
    public static final String BREAKGLASS_USE = "breakglass.use";
    public static final String BREAKGLASS_REVIEW = "breakglass.review";
    public static final String AUDIT_READ = "audit.read";
    public static final String AUDIT_VERIFY = "audit.verify";
    public static final String AUDIT_SETTINGS = "audit.settings";
    public static final String ADMIN_USERS = "admin.users";
    public static final String ADMIN_ROLES = "admin.roles";
    public static final String ADMIN_TOKENS = "admin.tokens";
    public static final String WORKQUEUE_WORK = "workqueue.work";
    public static final String WORKQUEUE_MANAGE = "workqueue.manage";
    public static final String CODE_SEARCH = "code.search";
    public static final String CODESET_MANAGE = "codeset.manage";
    public static final String DOCUMENT_READ = "document.read";
    public static final String DOCUMENT_WRITE = "document.write";
    public static final String DOCUMENT_SIGN = "document.sign";
    public static final String DOCUMENT_INDEX = "document.index";
    public static final String DOCUMENT_TYPES = "document.types";
    public static final String ROI_WORK = "roi.work";
    public static final String ROI_MANAGE = "roi.manage";
    public static final String CODING_WRITE = "coding.write";
    public static final String DIRECTORY_READ = "directory.read";

    private Permissions() {}
}
