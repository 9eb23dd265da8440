package org.chartkeeper;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The package rules of ../shared/ARCHITECTURE.md. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.chartkeeper");
    }

    @Test
    void repositories_are_package_private_so_only_their_capability_runs_their_SQL() {
        classes().that().haveSimpleNameEndingWith("Repository").should().notBePublic().check(classes);
    }

    @Test
    void no_class_depends_on_a_controller_or_api() {
        noClasses().should().dependOnClassesThat(new com.tngtech.archunit.base.DescribedPredicate<JavaClass>("a controller or API") {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.isAnnotatedWith(Controller.class) || c.isAnnotatedWith(RestController.class);
                    }
                }).andShould(new ArchCondition<JavaClass>("not be a different controller") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {}
                })
                .check(classes.that(new com.tngtech.archunit.base.DescribedPredicate<JavaClass>("not a controller") {
                    @Override
                    public boolean test(JavaClass c) {
                        return !c.isAnnotatedWith(Controller.class) && !c.isAnnotatedWith(RestController.class)
                                && !c.getPackageName().equals("org.chartkeeper.cli");
                    }
                }));
    }

    @Test
    void a_capability_uses_another_only_through_its_service_or_its_value_types() {
        classes().should(new ArchCondition<JavaClass>("use other capabilities only through *Service classes, records, enums, exceptions, interfaces or annotations") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = capability(origin);
                if (from == null || from.equals("cli") || from.equals("demo")) return; // the CLI and demo drive services
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    String to = capability(target);
                    if (to == null || to.equals(from)) continue;
                    JavaClass top = target;
                    while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
                    boolean allowed = top.getSimpleName().endsWith("Service") || target.isRecord() || target.isEnum()
                            || target.isInterface() || target.isAnnotation() || target.isAssignableTo(RuntimeException.class)
                            || to.equals("web") && !target.isAnnotatedWith(Controller.class)
                            || target.getSimpleName().equals("SecretCipher") || target.getSimpleName().equals("Permissions")
                            || target.getSimpleName().equals("Actor") || target.getSimpleName().equals("AuditChain")
                            || target.getSimpleName().equals("AccessGate"); // the one access gate every capability passes
                    if (!allowed) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        }).check(classes);
    }

    @Test
    void every_handler_says_whether_it_shows_patient_data() {
        methods().that().areAnnotatedWith(GetMapping.class).or().areAnnotatedWith(PostMapping.class)
                .or().areAnnotatedWith(PutMapping.class).or().areAnnotatedWith(DeleteMapping.class)
                .or().areAnnotatedWith(PatchMapping.class).or().areAnnotatedWith(RequestMapping.class)
                .should(new ArchCondition<JavaMethod>("carry exactly one of @PatientData or @NoPatientData") {
                    @Override
                    public void check(JavaMethod m, ConditionEvents events) {
                        boolean yes = m.isAnnotatedWith(PatientData.class);
                        boolean no = m.isAnnotatedWith(NoPatientData.class);
                        if (yes == no) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + (yes
                                    ? " carries both @PatientData and @NoPatientData" : " carries neither @PatientData nor @NoPatientData")));
                        }
                    }
                }).check(classes);
    }

    /** The capability package right under org.chartkeeper, or null for the root package and outside classes. */
    static String capability(JavaClass c) {
        String p = c.getPackageName();
        if (!p.startsWith("org.chartkeeper.")) return null;
        String rest = p.substring("org.chartkeeper.".length());
        List<String> parts = List.of(rest.split("\\."));
        return parts.getFirst().equals("interop") && parts.size() > 1 ? "interop." + parts.get(1) : parts.getFirst();
    }
}
