package io.seqline.deploycheck;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize} (or a standalone {@code kustomize}), when installed: the reference renderer. */
final class Kubectl {

    private Kubectl() {
    }

    /** The path of kubectl or kustomize on the PATH, or null. */
    static String find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : new String[] {"kubectl", "kustomize"}) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    static String kustomize(String tool, Path dir) throws Exception {
        ProcessBuilder builder = tool.endsWith("kustomize") ? new ProcessBuilder(tool, "build", dir.toString())
                : new ProcessBuilder(tool, "kustomize", dir.toString());
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process process = builder.redirectErrorStream(false).redirectOutput(out.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(tool + " kustomize timed out");
            }
            String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(tool + " kustomize " + dir + " failed: " + error);
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
