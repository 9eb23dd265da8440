package org.chartkeeper.coding;

import java.util.ArrayList;
import java.util.List;

/**
 * A coder's typing, for benchmarks: each term typed one key at a time, every prefix a query (as type-ahead sends
 * them). Codes with and without dots, abbreviations, words in either order, procedures.
 */
public final class CodeSearchWorkload {

    static final List<String> TERMS = List.of(
            "E11.9", "e1165", "I50.9", "J44.1", "N18.30", "S72.001A", "Z79.4", "0DTJ4ZZ", "0SRD0J9", "02703DZ",
            "dm2", "chf", "copd", "htn", "afib", "uti", "ckd stage 4", "gerd", "mi", "cad", "pna", "dvt left leg",
            "type 2 diabetes with hyperglycemia", "diabetes mellitus with kidney complications",
            "heart failure", "acute on chronic systolic heart failure", "fracture of femur", "femur fracture left",
            "fractures of the neck of femur", "pneumonia unspecified organism", "sepsis due to e coli",
            "chest pain", "shortness of breath", "abdominal pain right lower quadrant", "urinary tract infection",
            "essential hypertension", "atrial fibrillation", "acute kidney failure", "pressure ulcer sacral region stage 3",
            "cellulitis of right lower limb", "alzheimer disease", "major depressive disorder single episode",
            "nicotine dependence cigarettes", "long term use of insulin", "history of falling", "fall from bed",
            "resection of appendix", "appendectomy laparoscopic", "replacement right knee joint", "total hip replacement",
            "bypass coronary artery", "dilation coronary artery drug eluting", "colonoscopy", "insertion of infusion device",
            "transfusion red blood cells", "mechanical ventilation 24 96 hours", "cesarean delivery", "excision skin",
            "drainage pleural cavity", "magnetic resonance imaging brain", "left", "a", "syndrome");

    private CodeSearchWorkload() {}

    /** Every prefix of every term: about a thousand queries. */
    public static List<String> keystrokes() {
        List<String> out = new ArrayList<>();
        for (String t : TERMS) {
            for (int i = 1; i <= t.length(); i++) out.add(t.substring(0, i));
        }
        return out;
    }
}
