package dev.mmsb.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code java} code block in the README and in {@code docs/} is, line for line (indentation aside), a tagged
 * region ({@code // tag::name[]} ... {@code // end::name[]}) of an example in this module, which the compiler checks
 * and {@link ExamplesTest} runs. A block that drifts from the API therefore fails the build.
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern TAG = Pattern.compile("//\\s*tag::([\\w-]+)\\[]");

    @Test
    void everyJavaBlockInTheDocsIsACompiledExample() throws IOException {
        Map<String, String> regions = regions();
        assertFalse(regions.isEmpty(), "no tagged regions under " + sources());
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                blocks++;
                String block = normalise(lines.subList(start, end));
                if (!regions.containsValue(block)) {
                    missing.add(ROOT.relativize(doc) + ":" + (i + 1));
                }
                i = end;
            }
        }
        assertTrue(blocks > 0, "no java blocks found in " + docs());
        assertEquals(List.of(), missing, "java blocks that are no tagged example region (copy them from, or into, "
                + sources() + "): ");
    }

    @Test
    void normalisingIgnoresIndentationButNotCode() {
        assertEquals(normalise(List.of("    a();", "        b();")), normalise(List.of("a();", "    b();")));
        assertFalse(normalise(List.of("a();")).equals(normalise(List.of("a(1);"))));
    }

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        for (String top : List.of("CONTRIBUTING.md", "CHANGELOG.md")) {
            if (Files.exists(ROOT.resolve(top))) {
                docs.add(ROOT.resolve(top));
            }
        }
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static Path sources() {
        return ROOT.resolve("mmsb-examples/src/main/java");
    }

    /** Tag name to normalised text, over every example source. */
    private static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(sources())) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = TAG.matcher(lines.get(i));
                if (m.find()) {
                    String end = "end::" + m.group(1) + "[]";
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).contains(end)) {
                        j++;
                    }
                    assertTrue(j < lines.size(), file + ": tag " + m.group(1) + " has no " + end);
                    regions.put(file.getFileName() + "#" + m.group(1), normalise(lines.subList(i + 1, j)));
                }
            }
        }
        return regions;
    }

    /** Trailing blanks and the common indentation removed. */
    static String normalise(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString().strip();
    }
}
