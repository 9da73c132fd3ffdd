package dev.mmsb.it;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * "Started" means "ran to its end", whatever the exit code: the driver is a one-shot program and an OOM kill is a
 * result the tests look at, not a startup failure. Waits at most {@code limit} for the container to exit.
 */
final class ExitedStartupCheckStrategy extends StartupCheckStrategy {
    private final Duration limit;

    ExitedStartupCheckStrategy(Duration limit) {
        this.limit = limit;
    }

    @Override
    public boolean waitUntilStartupSuccessful(DockerClient docker, String containerId) {
        docker.waitContainerCmd(containerId).start().awaitStatusCode(limit.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public StartupStatus checkStartupState(DockerClient docker, String containerId) {
        return Boolean.TRUE.equals(getCurrentState(docker, containerId).getRunning())
                ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
    }
}
