package dev.mmsb.build;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The published artifacts, read from the POM files of the checkout (no Maven run, so it costs milliseconds):
 * <ul>
 *   <li>mmsb-bom manages exactly the library modules of the reactor, each {@code dev.mmsb} at the project's version,
 *       and nothing else, counting what it would inherit from its parent chain: importing a BOM imports its
 *       effective dependencyManagement, and a user must not get MMSB's pins of Guice, JUnit and the like;</li>
 *   <li>every library module ships sources and javadoc jars.</li>
 * </ul>
 * A library module is a module of the root POM other than the BOM and {@link #NOT_PUBLISHED}: a new module must be
 * added either to the BOM or to that set.
 */
class LibraryArtifactsTest {
    /** Modules users never depend on: tests of several kinds, the examples and the benchmarks. */
    private static final Set<String> NOT_PUBLISHED = Set.of("mmsb-it", "mmsb-bench", "mmsb-examples", "mmsb-consumer-it", "mmsb-jcstress");
    private static final String GROUP = "dev.mmsb";
    private static final String BOM = "mmsb-bom";

    private static Path root;
    private static Element rootPom;

    @BeforeAll
    static void findRoot() throws Exception {
        // Surefire runs in the module's directory; the reactor root is its parent.
        root = Path.of("").toAbsolutePath().getParent();
        rootPom = read(root.resolve("pom.xml"));
        assertEquals("mmsb-parent", text(rootPom, "artifactId"), "not the reactor root: " + root);
    }

    @Test
    void theBomManagesExactlyTheLibraryModulesAtTheProjectVersion() throws Exception {
        Path bomFile = root.resolve(BOM).resolve("pom.xml");
        Element bom = read(bomFile);
        assertEquals(GROUP, text(bom, "groupId"));
        assertEquals(BOM, text(bom, "artifactId"));
        assertEquals("pom", text(bom, "packaging"));
        assertEquals(text(rootPom, "version"), text(bom, "version"), "the BOM's version must follow the project's");

        List<Element> managed = new ArrayList<>();
        for (Element pom : parentChain(bomFile, bom)) {
            Element management = child(pom, "dependencyManagement");
            if (management != null) {
                managed.addAll(children(child(management, "dependencies"), "dependency"));
            }
        }
        Set<String> artifacts = new TreeSet<>();
        for (Element dependency : managed) {
            String coordinates = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
            assertEquals(GROUP, text(dependency, "groupId"), coordinates + " is not MMSB's own artifact");
            assertEquals("${project.version}", text(dependency, "version"), coordinates);
            assertTrue(text(dependency, "scope") == null, coordinates + " has a scope (an import pins another BOM)");
            assertTrue(text(dependency, "type") == null, coordinates + " is not the main jar");
            assertTrue(artifacts.add(text(dependency, "artifactId")), coordinates + " is listed twice");
        }
        assertEquals(libraryModules(), artifacts);
    }

    @Test
    void everyLibraryModuleShipsSourcesAndJavadoc() throws Exception {
        for (String module : libraryModules()) {
            Element pom = read(root.resolve(module).resolve("pom.xml"));
            assertEquals(module, text(pom, "artifactId"));
            Set<String> plugins = new TreeSet<>();
            for (Element plugin : children(child(child(pom, "build"), "plugins"), "plugin")) {
                plugins.add(text(plugin, "artifactId"));
            }
            assertTrue(plugins.contains("maven-source-plugin"), module + " makes no -sources.jar: " + plugins);
            assertTrue(plugins.contains("maven-javadoc-plugin"), module + " makes no -javadoc.jar: " + plugins);
        }
    }

    private static Set<String> libraryModules() {
        Set<String> modules = new TreeSet<>();
        for (Element module : children(child(rootPom, "modules"), "module")) {
            String name = module.getTextContent().trim();
            if (!name.equals(BOM) && !NOT_PUBLISHED.contains(name)) {
                modules.add(name);
            }
        }
        assertTrue(modules.size() >= 5, "library modules: " + modules);
        return modules;
    }

    /** {@code pom} and its parents, as far as they are files of this checkout; a parent outside it fails. */
    private static List<Element> parentChain(Path file, Element pom) throws Exception {
        List<Element> chain = new ArrayList<>();
        chain.add(pom);
        Element parent = child(pom, "parent");
        while (parent != null) {
            String relative = text(parent, "relativePath");
            Path parentFile = file.getParent().resolve(relative == null ? "../pom.xml" : relative).normalize();
            if (Files.isDirectory(parentFile)) {
                parentFile = parentFile.resolve("pom.xml");
            }
            if (!Files.isRegularFile(parentFile)) {
                fail("the BOM's parent " + text(parent, "artifactId") + " is not in the checkout, so its"
                        + " dependencyManagement cannot be checked");
            }
            Element parentPom = read(parentFile);
            assertEquals(text(parent, "artifactId"), text(parentPom, "artifactId"), parentFile.toString());
            chain.add(parentPom);
            file = parentFile;
            parent = child(parentPom, "parent");
        }
        return chain;
    }

    private static Element read(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && node.getLocalName().equals(name)) {
                return (Element) node;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element && node.getLocalName().equals(name)) {
                    found.add((Element) node);
                }
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
