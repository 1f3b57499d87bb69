package dev.llfree;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library's layers, from the bottom: the API types, the core (basics, persistence, the word owners, the lower
 * and the upper allocator), the pool file, get-to, recovery, compaction, inspection, the pool, and the entry
 * point {@link LLFree} on top. Each layer uses only the layers below it, so no two packages import each other;
 * the API types use nothing of the library's inside.
 *
 * <p>The API package holds both the bottom (the types everyone uses) and the top (the entry point that builds the
 * allocators): classes, not packages, are assigned to layers here.
 */
class ArchitectureTest {
    /** Bottom first; each entry is a layer's name and its package, {@code null} for the API's two layers. */
    private static final List<String[]> LAYERS = List.of(
        new String[] {"api", null},
        new String[] {"core", "dev.llfree.core"},
        new String[] {"core.persist", "dev.llfree.core.persist"},
        new String[] {"core.words", "dev.llfree.core.words"},
        new String[] {"core.lower", "dev.llfree.core.lower"},
        new String[] {"core.upper", "dev.llfree.core.upper"},
        new String[] {"file", "dev.llfree.file"},
        new String[] {"getto", "dev.llfree.getto"},
        new String[] {"recovery", "dev.llfree.recovery"},
        new String[] {"compaction", "dev.llfree.compaction"},
        new String[] {"inspect", "dev.llfree.inspect"},
        new String[] {"pool", "dev.llfree.pool"},
        new String[] {"entry", null});

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.llfree");

    /** The layer of a class of the library, or null for classes outside it (the JDK, the bindings). */
    private static String layerOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (pkg.equals("dev.llfree")) {
            return c.getName().equals(LLFree.class.getName()) || c.getName().startsWith(LLFree.class.getName() + "$")
                ? "entry" : "api";
        }
        for (String[] layer : LAYERS) {
            if (pkg.equals(layer[1])) {
                return layer[0];
            }
        }
        return null;
    }

    @Test
    void shouldHaveNoCycleBetweenLayers() {
        SliceAssignment layers = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String layer = layerOf(c);
                return layer == null ? SliceIdentifier.ignore() : SliceIdentifier.of(layer);
            }

            @Override
            public String getDescription() {
                return "the library's layers";
            }
        };
        slices().assignedFrom(layers).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void shouldUseOnlyLayersBelow() {
        Architectures.LayeredArchitecture architecture = Architectures.layeredArchitecture()
            .consideringOnlyDependenciesInLayers();
        for (String[] layer : LAYERS) {
            architecture = architecture.layer(layer[0]).definedBy(DescribedPredicate.describe("layer " + layer[0],
                (JavaClass c) -> layer[0].equals(layerOf(c))));
        }
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream().map(l -> l[0]).toArray(String[]::new);
            architecture = architecture.whereLayer(LAYERS.get(i)[0]).mayOnlyBeAccessedByLayers(above);
        }
        architecture = architecture.whereLayer("entry").mayNotBeAccessedByAnyLayer();
        architecture.check(CLASSES);
    }

    @Test
    void shouldKnowEveryPackageOfTheLibrary() {
        for (JavaClass c : CLASSES) {
            if (c.getPackageName().startsWith("dev.llfree") && !c.getPackageName().startsWith("dev.llfree.pmem")) {
                org.junit.jupiter.api.Assertions.assertNotNull(layerOf(c), c.getName() + " is in no layer: add its package");
            }
        }
    }
}
