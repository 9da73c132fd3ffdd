/**
 * The container integration tests' driver: a main class ({@link dev.mmsb.it.Driver}) that runs one scenario on the
 * MMSB API inside a memory-limited Linux container and prints one JSON line per phase (VmRSS, the container's cgroup
 * memory usage, committed bytes as MMSB counts them, time). The tests in {@code src/test} start the containers with
 * Testcontainers, read those lines and the container's exit state, and assert on them.
 *
 * <p><b>Images.</b> By default no image is pulled: Testcontainers builds a tiny image {@code FROM scratch} locally and
 * the host's JDK 25 (the one running the tests), its system library directories ({@code /usr/lib/x86_64-linux-gnu},
 * {@code /usr/lib64}) and the driver's class path ({@code target/classes}, {@code target/it-lib}) are bind-mounted
 * read-only. This needs a glibc-based x86-64 Linux host with the Debian/Ubuntu multiarch layout. With a registry, run
 * the driver on an image instead: {@code mvn verify -Dmmsb.it.baseImage=eclipse-temurin:25-jre} (any image with a JDK or
 * JRE 25+ whose {@code java} is on the {@code PATH}); then only the driver's class path is mounted.
 *
 * <p><b>Environment.</b> Containers run with network mode {@code none}, memory = memory+swap = the scenario's limit,
 * and are closed by the tests (Ryuk is off). Without a reachable Docker daemon the tests are skipped with one line
 * saying why; {@code scripts/docker-up.sh} starts one.
 */
package dev.mmsb.it;
