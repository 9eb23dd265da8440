package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.record.OutsideResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Clinical data received from other systems (OutsideDataService), between FHIR and its stored form: the references of
 * a received resource rewritten to this server's ids, the fields its searches need read from it, and the stored JSON
 * served back as a resource of this server.
 */
final class OutsideResources {

    static final String URI = "urn:ietf:rfc:3986";
    static final String NPI_REF = "Practitioner?identifier=" + FhirResourceMapping.NPI_SYSTEM + "|";
    /** Where each kept type names its patient, its encounter, its time, its code: the first property present. */
    private static final List<String> PATIENT = List.of("subject", "patient", "beneficiary");
    private static final List<String> ENCOUNTER = List.of("encounter", "context");
    private static final List<String> WHEN = List.of("effective[x]", "occurrence[x]", "authoredOn", "recordedDate",
            "started", "performed[x]", "billablePeriod", "period", "created", "issued", "start[x]");
    private static final List<String> CODE = List.of("code", "vaccineCode", "medication[x]", "procedureCode", "type",
            "category", "description");
    private static final List<String> STATUS = List.of("status", "clinicalStatus", "lifecycleStatus");

    private OutsideResources() {}

    /** A reference's new form, or null when it points at nothing kept here (the reference then keeps only an identifier). */
    interface Resolver {
        String resolve(String reference, String display);
    }

    /**
     * Rewrites every reference of a received resource's JSON (its contained resources' too): to a resource kept here
     * as {@code Type/id}; to a resource of the Bundle kept only inside those that name it (a Medication) as a contained
     * copy; to what is not kept here as a logical reference (its identifier: the conditional reference's, or the
     * original reference as a URI), so the resource never points at something this server cannot serve. Its meta (the
     * sender's versions and profiles) is dropped: this server gives its own. Works on the JSON as received, not on
     * HAPI's model, because walking and encoding the model costs more than the rest of the import together.
     */
    static void rewrite(ObjectNode resource, Resolver resolver, java.util.function.Function<String, JsonNode> containable) {
        resource.remove("meta");
        Set<String> taken = new HashSet<>();
        JsonNode contained = resource.get("contained");
        if (contained != null) for (JsonNode c : contained) if (c.has("id")) taken.add(c.get("id").asString());
        Map<String, String> containedAs = new HashMap<>();
        List<JsonNode> toContain = new ArrayList<>();
        walk(resource, resolver, ref -> containedAs.computeIfAbsent(ref, k -> {
            JsonNode target = containable.apply(k);
            if (target == null) return null;
            String id;
            int n = toContain.size() + 1;
            do id = "med" + n++; while (taken.contains(id));
            taken.add(id);
            ObjectNode copy = (ObjectNode) target.deepCopy();
            copy.remove("meta");
            copy.put("id", id);
            toContain.add(copy);
            return id;
        }));
        if (!toContain.isEmpty()) {
            ArrayNode into = resource.has("contained") ? (ArrayNode) resource.get("contained") : resource.putArray("contained");
            toContain.forEach(into::add);
        }
    }

    private static void walk(JsonNode node, Resolver resolver, java.util.function.Function<String, String> contain) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("reference");
            if (ref != null && ref.isString()) rewriteOne(o, ref.asString(), resolver, contain);
            for (JsonNode child : o) walk(child, resolver, contain);
        } else if (node instanceof ArrayNode a) {
            for (JsonNode child : a) walk(child, resolver, contain);
        }
    }

    private static void rewriteOne(ObjectNode o, String s, Resolver resolver,
                                   java.util.function.Function<String, String> contain) {
        if (s.isEmpty() || s.startsWith("#")) return;
        String local = resolver.resolve(s, o.has("display") ? o.get("display").asString() : null);
        if (local != null) {
            o.put("reference", local);
            return;
        }
        String inside = contain.apply(s);
        if (inside != null) {
            o.put("reference", "#" + inside);
            return;
        }
        o.remove("reference");
        if (o.has("identifier")) return;
        int q = s.indexOf("?identifier=");
        ObjectNode identifier = o.putObject("identifier");
        if (q > 0) {
            String id = s.substring(q + "?identifier=".length());
            int bar = id.indexOf('|');
            if (!o.has("type")) o.put("type", s.substring(0, q));
            if (bar > 0) identifier.put("system", id.substring(0, bar));
            identifier.put("value", bar < 0 ? id : id.substring(bar + 1));
        } else {
            identifier.put("system", URI);
            identifier.put("value", s);
        }
    }

    // ------------------------------------------------------------------ the JSON as received

    private static final List<String> JSON_WHEN = List.of("effectiveDateTime", "effectiveInstant", "effectivePeriod",
            "occurrenceDateTime", "occurrencePeriod", "authoredOn", "recordedDate", "started", "performedDateTime",
            "performedPeriod", "billablePeriod", "period", "created", "issued", "startDate");
    private static final List<String> JSON_CODE = List.of("code", "vaccineCode", "medicationCodeableConcept",
            "procedureCode", "type", "category", "description");

    /** The reference of the first of the named properties (a Reference, or a list of them) that has one, or null. */
    static String reference(JsonNode resource, List<String> names) {
        for (String name : names) {
            JsonNode v = resource.get(name);
            if (v instanceof ArrayNode a) v = a.isEmpty() ? null : a.get(0);
            if (v != null && v.get("reference") != null && v.get("reference").isString()) {
                return v.get("reference").asString();
            }
        }
        return null;
    }

    static String patientReference(JsonNode resource) {
        return reference(resource, PATIENT);
    }

    static String encounterReference(JsonNode resource) {
        return reference(resource, ENCOUNTER);
    }

    /** The first coding (system, code) of the resource's code; for a medication kept inside, the medication's. */
    static String[] code(JsonNode resource) {
        for (String name : JSON_CODE) {
            String[] c = coding(resource.get(name));
            if (c != null) return c;
        }
        String med = reference(resource, List.of("medicationReference"));
        if (med != null && med.startsWith("#") && resource.get("contained") instanceof ArrayNode contained) {
            for (JsonNode inner : contained) {
                if (med.substring(1).equals(inner.path("id").asString(""))) return coding(inner.get("code"));
            }
        }
        return null;
    }

    private static String[] coding(JsonNode concept) {
        if (concept instanceof ArrayNode a) concept = a.isEmpty() ? null : a.get(0);
        if (concept == null || !(concept.get("coding") instanceof ArrayNode codings)) return null;
        for (JsonNode c : codings) {
            if (c.get("code") != null && c.get("code").isString()) {
                return new String[] {c.path("system").isString() ? c.get("system").asString() : null,
                        c.get("code").asString()};
            }
        }
        return null;
    }

    /** When the resource happened (its effective, occurrence, authored, ... time), or null. */
    static Date when(JsonNode resource) {
        for (String name : JSON_WHEN) {
            JsonNode v = resource.get(name);
            if (v == null) continue;
            if (v.isObject()) v = v.get("start");
            if (v != null && v.isString()) {
                try {
                    return new org.hl7.fhir.r4.model.DateTimeType(v.asString()).getValue();
                } catch (RuntimeException notADate) {
                    return null; // check() refuses it
                }
            }
        }
        return null;
    }

    static String status(JsonNode resource) {
        for (String name : STATUS) {
            JsonNode v = resource.get(name);
            if (v == null) continue;
            if (v.isString()) return v.asString();
            String[] c = coding(v);
            if (c != null) return c[1];
        }
        return null;
    }

    /** The first identifier with a value that fits (system and value at most 200 characters), or null. */
    static String[] identifier(JsonNode resource) {
        if (!(resource.get("identifier") instanceof ArrayNode ids)) return null;
        for (JsonNode id : ids) {
            JsonNode value = id.get("value");
            JsonNode system = id.get("system");
            if (value != null && value.isString() && !value.asString().isBlank() && value.asString().length() <= 200
                    && (system == null || system.isString() && system.asString().length() <= 200)) {
                return new String[] {system == null ? URI : system.asString(), value.asString()};
            }
        }
        return null;
    }

    /**
     * Checks a resource received as JSON against the R4 definitions, as HAPI's parser would: every primitive value
     * must be a possible value of its type (a date that exists, a decimal, a code without spaces, ...), every complex
     * element an object; unknown elements are ignored (the parser is lenient about them too). Throws naming the
     * element ({@code at} followed by its path).
     */
    static void check(JsonNode resource, String at) {
        try {
            checkResource(resource);
        } catch (Bad bad) {
            throw new InvalidRequestException(at + bad.path, bad.getMessage());
        }
    }

    /** A refusal found deep in a resource; its path is built on the way out, never on the way in. */
    private static final class Bad extends RuntimeException {
        private String path = "";

        Bad(String message) {
            super(message, null, false, false);
        }

        Bad at(String segment) {
            path = segment + path;
            return this;
        }
    }

    private static void checkResource(JsonNode resource) {
        String type = resource.path("resourceType").asString("");
        ca.uhn.fhir.context.RuntimeResourceDefinition def;
        try {
            def = FhirContextHolder.R4.getResourceDefinition(type);
        } catch (RuntimeException unknown) {
            throw new Bad("Unknown resource type " + type).at(".resourceType");
        }
        checkComposite(resource, def, true);
    }

    private static void checkComposite(JsonNode node, ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition<?> def,
                                       boolean resource) {
        if (!node.isObject()) throw new Bad("An object is expected here");
        for (Map.Entry<String, JsonNode> p : node.properties()) {
            String name = p.getKey();
            if (resource && (name.equals("resourceType") || name.equals("id"))) continue;
            if (name.startsWith("_") || name.equals("fhir_comments")) continue; // a primitive's id and extensions
            JsonNode value = p.getValue();
            ca.uhn.fhir.context.BaseRuntimeElementDefinition<?> element;
            ca.uhn.fhir.context.BaseRuntimeChildDefinition child = null;
            if (name.equals("contained")) {
                element = null;
            } else if (name.equals("extension") || name.equals("modifierExtension")) {
                element = EXTENSION;
            } else {
                child = def.getChildByName(name);
                if (child == null) continue; // unknown: ignored, as the parser ignores it
                element = child.getChildByName(name);
                if (element == null) continue;
            }
            int k = 0;
            for (JsonNode v : value.isArray() ? value : List.of(value)) {
                try {
                    if (element == null) {
                        checkResource(v);
                        continue;
                    }
                    switch (element.getChildType()) {
                        case PRIMITIVE_DATATYPE -> primitive(v, element, child);
                        case COMPOSITE_DATATYPE, RESOURCE_BLOCK -> checkComposite(v,
                                (ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition<?>) element, false);
                        case RESOURCE -> checkResource(v);
                        default -> { } // ids, narrative xhtml
                    }
                } catch (Bad bad) {
                    throw bad.at("." + name + (value.isArray() ? "[" + k + "]" : ""));
                } finally {
                    k++;
                }
            }
        }
    }

    private static final ca.uhn.fhir.context.BaseRuntimeElementDefinition<?> EXTENSION =
            FhirContextHolder.R4.getElementDefinition(org.hl7.fhir.r4.model.Extension.class);

    /** Primitive types whose every string is a value (HAPI's parser does not check them either). */
    private static final Set<String> ANY_STRING = Set.of("string", "uri", "url", "canonical", "markdown", "oid", "uuid",
            "id", "code", "base64Binary", "xhtml");

    /** Values of the checked-by-parsing types (dates, times, instants) found valid lately, on this thread. */
    private static final ThreadLocal<java.util.Set<String>> VALID = ThreadLocal.withInitial(HashSet::new);

    private static void primitive(JsonNode v, ca.uhn.fhir.context.BaseRuntimeElementDefinition<?> element,
                                  ca.uhn.fhir.context.BaseRuntimeChildDefinition child) {
        if (v.isNull() || v.isObject() || v.isArray()) {
            throw new Bad("A value of type " + element.getName() + " is expected");
        }
        String type = element.getName();
        String text = v.asString();
        Object bound = child == null ? null : child.getInstanceConstructorArguments();
        if (bound != null) { // a code from a required value set (a status, a gender): one of its codes
            try {
                ((org.hl7.fhir.instance.model.api.IPrimitiveType<?>) element.newInstance(bound)).setValueAsString(text);
                return;
            } catch (RuntimeException invalid) {
                throw new Bad("Not a code of the value set this element is bound to");
            }
        }
        if (ANY_STRING.contains(type)) return;
        try {
            switch (type) {
                case "boolean" -> {
                    if (!text.equals("true") && !text.equals("false")) throw new IllegalArgumentException();
                }
                case "decimal" -> new java.math.BigDecimal(text);
                case "integer", "positiveInt", "unsignedInt" -> Integer.parseInt(text);
                default -> {
                    // dates repeat within a record (an encounter's results share its times): each is checked once
                    java.util.Set<String> seen = VALID.get();
                    if (seen.contains(type + text)) return;
                    ((org.hl7.fhir.instance.model.api.IPrimitiveType<?>) element.newInstance()).setValueAsString(text);
                    if (seen.size() > 4096) seen.clear();
                    seen.add(type + text);
                }
            }
        } catch (RuntimeException invalid) {
            throw new Bad("Not a valid " + type
                    + (type.toLowerCase(Locale.ROOT).contains("date") || type.equals("instant") || type.equals("time")
                    ? " (not a possible date)" : ""));
        }
    }

    /** The first reference among the named properties, or null. */
    static String reference(Resource r, List<String> names) {
        for (String name : names) {
            Property p = property(r, name);
            if (p == null) continue;
            for (Base v : p.getValues()) {
                if (v instanceof Reference ref && ref.getReference() != null) return ref.getReference();
            }
        }
        return null;
    }

    static String patientReference(Resource r) {
        return reference(r, PATIENT);
    }

    static String encounterReference(Resource r) {
        return reference(r, ENCOUNTER);
    }

    static Date when(Resource r) {
        for (String name : WHEN) {
            Property p = property(r, name);
            if (p == null) continue;
            for (Base v : p.getValues()) {
                if (v instanceof BaseDateTimeType d && d.getValue() != null) return d.getValue();
                if (v instanceof Period period && period.getStart() != null) return period.getStart();
            }
        }
        return null;
    }

    /** The resource's code; for one that names a Medication of the Bundle, the Medication's. */
    static Coding code(Resource r, java.util.function.Function<String, Resource> bundled) {
        Coding own = ownCode(r);
        if (own != null) return own;
        String med = reference(r, List.of("medication[x]"));
        if (med != null && bundled.apply(med) instanceof org.hl7.fhir.r4.model.Medication m && m.getCode().hasCoding()) {
            return m.getCode().getCodingFirstRep();
        }
        return null;
    }

    private static Coding ownCode(Resource r) {
        for (String name : CODE) {
            Property p = property(r, name);
            if (p == null) continue;
            for (Base v : p.getValues()) {
                if (v instanceof CodeableConcept cc && cc.hasCoding()) return cc.getCodingFirstRep();
                if (v instanceof Coding c && c.hasCode()) return c;
            }
        }
        return null;
    }

    static String status(Resource r) {
        for (String name : STATUS) {
            Property p = property(r, name);
            if (p == null) continue;
            for (Base v : p.getValues()) {
                if (v instanceof CodeableConcept cc && cc.hasCoding()) return cc.getCodingFirstRep().getCode();
                if (v.isPrimitive() && v.primitiveValue() != null) return v.primitiveValue();
            }
        }
        return null;
    }

    private static Property property(Resource r, String name) {
        try {
            return r.getNamedProperty(name);
        } catch (org.hl7.fhir.exceptions.FHIRException notOfThisType) {
            return null;
        }
    }

    /** A stored resource as this server serves it: its id, version and last change. */
    static Resource toFhir(OutsideResource stored, IParser parser) {
        Resource r;
        try {
            r = (Resource) parser.parseResource(stored.content());
        } catch (RuntimeException unreadable) {
            throw new IllegalStateException("Stored " + stored.resourceType() + " " + stored.id() + " cannot be read");
        }
        r.setId(stored.resourceType() + "/" + stored.id());
        r.setMeta(new Meta().setVersionId(Integer.toString(stored.version()))
                .setLastUpdated(Date.from(stored.updatedAt())));
        return r;
    }

    private static final java.util.regex.Pattern PRACTITIONER =
            java.util.regex.Pattern.compile("\"reference\":\"Practitioner/(\\d{1,18})\"");

    /** Adds the practitioners a stored resource refers to (so an export or $everything carries them too). */
    static void practitioners(String content, java.util.Set<Long> into) {
        java.util.regex.Matcher m = PRACTITIONER.matcher(content);
        while (m.find()) into.add(Long.parseLong(m.group(1)));
    }

    static Map<String, Class<? extends Resource>> classes() {
        java.util.Map<String, Class<? extends Resource>> out = new java.util.LinkedHashMap<>();
        for (String type : new java.util.TreeSet<>(org.chartkeeper.record.OutsideDataService.TYPES)) {
            @SuppressWarnings("unchecked")
            Class<? extends Resource> c = (Class<? extends Resource>) FhirContextHolder.R4.getResourceDefinition(type)
                    .getImplementingClass();
            out.put(type, c);
        }
        return out;
    }

    static InvalidRequestException bad(String at, String message) {
        return new InvalidRequestException(at, message);
    }
}
