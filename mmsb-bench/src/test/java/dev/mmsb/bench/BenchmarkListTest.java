package dev.mmsb.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JMH annotation processor ran: every benchmark class is in META-INF/BenchmarkList, which the jar needs. */
class BenchmarkListTest {
    @Test
    void everyBenchmarkIsListed() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList is missing: was jmh-generator-annprocess run?");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String type : new String[]{"RawAccessBenchmark", "PagingBenchmark", "VectorBenchmark",
                    "QueueBenchmark", "GrowBenchmark", "SpscBenchmark", "SpscChunkBenchmark"}) {
                assertTrue(list.contains("dev.mmsb.bench.jmh." + type), type);
            }
        }
    }
}
