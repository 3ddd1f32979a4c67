package io.lading.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Beans of a normal scope are reached through a client proxy, which CDI cannot make for a final class or a class
 * with a final method it would have to intercept (Weld refuses the bean at its first use: WELD-001480, a 500 on
 * every call of a resource). Checked on the compiled main classes, inherited methods included.
 */
class ProxyableBeansTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lading");

    @Test
    void normalScopedBeansHaveNoFinalClassOrMethod() {
        List<String> unproxyable = new ArrayList<>();
        for (JavaClass bean : MAIN) {
            if (!(bean.isAnnotatedWith(ApplicationScoped.class) || bean.isAnnotatedWith(RequestScoped.class)
                    || bean.isAnnotatedWith(SessionScoped.class))) {
                continue;
            }
            if (bean.getModifiers().contains(JavaModifier.FINAL)) {
                unproxyable.add(bean.getName() + " is final");
            }
            for (JavaMethod method : bean.getAllMethods()) {
                Set<JavaModifier> modifiers = method.getModifiers();
                if (modifiers.contains(JavaModifier.FINAL) && !modifiers.contains(JavaModifier.PRIVATE)
                        && !modifiers.contains(JavaModifier.STATIC) && !method.getOwner().isEquivalentTo(Object.class)) {
                    unproxyable.add(bean.getName() + ": " + method.getFullName());
                }
            }
        }
        assertEquals(List.of(), unproxyable, "normal-scoped beans CDI could not proxy");
    }
}
