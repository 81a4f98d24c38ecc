package care.local;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Makes the Spring Boot applications start faster from the second start on. Each application's jar is extracted
 * once into plain jars ({@code java -Djarmode=tools -jar app.jar extract}) under
 * {@code .dev-stack/cache/<name>-<checksum of the jar>/}, so a rebuilt jar gets a fresh folder; a training run
 * ({@code -Dspring.context.exit=onRefresh}: the application context is built, then the JVM exits) records the
 * classes it loads into an archive next to it, which later starts map instead of loading, verifying and linking
 * those classes again.
 * <p>
 * Which archive depends on the JVM, found out at run time: an AOT cache ({@code -XX:AOTCacheOutput} /
 * {@code -XX:AOTCache}, JDK 25 and later, JEP 483 and 514), otherwise a dynamic AppCDS archive
 * ({@code -XX:ArchiveClassesAtExit} / {@code -XX:SharedArchiveFile}, JDK 19 and later), otherwise none. The JVM
 * ignores an archive it cannot use, and anything that goes wrong here falls back to starting the jar as built.
 */
final class StartupCache {

    enum Kind {
        AOT_CACHE("AOT cache", "app.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache="),
        APP_CDS("AppCDS archive", "app.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="),
        NONE("none", null, null, null);

        final String description;
        final String fileName;
        final String trainOption;
        final String useOption;

        Kind(String description, String fileName, String trainOption, String useOption) {
            this.description = description;
            this.fileName = fileName;
            this.trainOption = trainOption;
            this.useOption = useOption;
        }
    }

    /**
     * How one application starts: {@code jar} is the extracted application jar (or the built jar when extracting
     * failed), {@code archive} the archive when there is one already, {@code note} why there is none.
     */
    record Prepared(ServiceApp app, Path jar, Path archive, Path archiveToTrain, String note) {

        boolean cached() {
            return archive != null;
        }

        boolean needsTraining() {
            return archive == null && archiveToTrain != null;
        }
    }

    private final Path dir;
    private final String java;
    private final Kind kind;

    StartupCache(Path dir, String java, Kind kind) {
        this.dir = dir;
        this.java = java;
        this.kind = kind;
    }

    /** The kind of archive this JVM supports; {@code CARE_STARTUP_CACHE=off} switches it off. */
    static Kind detect(String setting) {
        if (setting != null && setting.trim().equalsIgnoreCase("off")) {
            return Kind.NONE;
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hasOption(hotspot, "AOTCacheOutput") && hasOption(hotspot, "AOTCache")) {
                return Kind.AOT_CACHE;
            }
            if (hasOption(hotspot, "ArchiveClassesAtExit") && hasOption(hotspot, "SharedArchiveFile")) {
                return Kind.APP_CDS;
            }
        } catch (RuntimeException | LinkageError notHotSpot) {
            // no HotSpot diagnostic bean: no archive
        }
        return Kind.NONE;
    }

    private static boolean hasOption(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            hotspot.getVMOption(name);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    Kind kind() {
        return kind;
    }

    /** Extracts the application's jar when needed; falls back to the built jar when anything fails. */
    Prepared prepare(ServiceApp app, Path builtJar, Path log) {
        if (kind == Kind.NONE) {
            return new Prepared(app, builtJar, null, null, "switched off or not supported by this JVM");
        }
        try {
            Path appDir = dir.resolve(app.name() + "-" + checksum(builtJar));
            Path jar = appDir.resolve(builtJar.getFileName());
            if (!Files.isRegularFile(appDir.resolve(".complete"))) {
                removeOlder(app.name());
                Path partial = dir.resolve(app.name() + ".partial");
                deleteRecursively(partial);
                Files.createDirectories(dir);
                int code = ChildProcess.runToCompletion(List.of(java, "-Djarmode=tools", "-jar", builtJar.toString(),
                        "extract", "--destination", partial.toString()), log, Duration.ofMinutes(2));
                if (code != 0 || !Files.isRegularFile(partial.resolve(builtJar.getFileName()))) {
                    deleteRecursively(partial);
                    return new Prepared(app, builtJar, null, null, "extracting the jar failed (see " + log + ")");
                }
                Files.move(partial, appDir, StandardCopyOption.ATOMIC_MOVE);
                Files.createFile(appDir.resolve(".complete"));
            }
            Path archive = appDir.resolve(kind.fileName);
            if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
                return new Prepared(app, jar, archive, null, null);
            }
            return new Prepared(app, jar, null, archive, "no archive yet");
        } catch (IOException | RuntimeException e) {
            return new Prepared(app, builtJar, null, null, "cache unusable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Prepared(app, builtJar, null, null, "interrupted");
        }
    }

    /** The JVM options that use the archive, when there is one. */
    List<String> options(Prepared prepared) {
        return prepared.cached() ? List.of(kind.useOption + prepared.archive()) : List.of();
    }

    /** The JVM options of a training run that writes the archive (to a temporary file, see {@link #trained}). */
    List<String> trainingOptions(Prepared prepared) {
        List<String> options = new ArrayList<>();
        options.add(kind.trainOption + partialArchive(prepared));
        // Classes the archive cannot hold (from multi-release jars, for instance) are warned about, one line each.
        options.add(kind == Kind.AOT_CACHE ? "-Xlog:aot*=off,cds*=off" : "-Xlog:cds*=off");
        options.add("-Dspring.context.exit=onRefresh");
        return options;
    }

    /** After a successful training run: makes its archive the one later starts use. */
    boolean trained(Prepared prepared) {
        Path partial = partialArchive(prepared);
        try {
            if (Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, prepared.archiveToTrain(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                return true;
            }
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // no archive: the next start is a plain one and trains again
        }
        return false;
    }

    private static Path partialArchive(Prepared prepared) {
        return prepared.archiveToTrain().resolveSibling(prepared.archiveToTrain().getFileName() + ".partial");
    }

    /** A short description for the console. */
    String describe() {
        return switch (kind) {
            case AOT_CACHE -> "AOT cache (JDK " + Runtime.version().feature() + ", -XX:AOTCache)";
            case APP_CDS -> "AppCDS archive (JDK " + Runtime.version().feature() + ", -XX:SharedArchiveFile)";
            case NONE -> "none";
        };
    }

    static String checksum(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                crc.update(buffer, 0, read);
            }
        }
        return String.format(Locale.ROOT, "%08x%x", crc.getValue(), Files.size(file));
    }

    private void removeOlder(String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String file = entry.getFileName().toString();
                if (file.startsWith(name + "-") && file.substring(name.length() + 1).matches("[0-9a-f]+")) {
                    deleteRecursively(entry);
                }
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path entry : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }
}
