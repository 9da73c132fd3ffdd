package dev.mmsb.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips the container tests, with one line on stderr saying why, when no Docker daemon answers. Asks once per JVM.
 */
final class DockerAvailable implements ExecutionCondition {
    static final String SKIPPED = "mmsb-it: container tests SKIPPED: no reachable Docker daemon"
            + " (start one with scripts/docker-up.sh, or point DOCKER_HOST at one)";

    private static Boolean available;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!dockerAnswers()) {
            return ConditionEvaluationResult.disabled(SKIPPED);
        }
        return ConditionEvaluationResult.enabled("a Docker daemon answers");
    }

    private static synchronized boolean dockerAnswers() {
        if (available == null) {
            available = DockerClientFactory.instance().isDockerAvailable();
            if (!available) {
                System.err.println(SKIPPED);
            }
        }
        return available;
    }
}
