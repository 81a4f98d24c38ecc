package care.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("integration")
class StartupCacheTest {

    private static final ServiceApp APP = new ServiceApp("tiny", 1, 2, "tiny");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void findsOutWhatThisJvmSupportsAndCanBeSwitchedOff() {
        StartupCache.Kind expected = Runtime.version().feature() >= 25 ? StartupCache.Kind.AOT_CACHE
                : StartupCache.Kind.APP_CDS;
        assertThat(StartupCache.detect(null)).isEqualTo(expected);
        assertThat(StartupCache.detect("OFF")).isEqualTo(StartupCache.Kind.NONE);
    }

    @Test
    void aRebuiltJarGetsAnotherKey(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("a.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        String first = StartupCache.checksum(jar);
        assertThat(StartupCache.checksum(jar)).isEqualTo(first);
        Files.write(jar, new byte[] {1, 2, 4});
        assertThat(StartupCache.checksum(jar)).isNotEqualTo(first);
    }

    @Test
    void aJarItCannotExtractStartsAsBuiltWithoutArchive(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("tiny.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("nothing.txt"));
            out.write("not a Spring Boot jar".getBytes());
        }
        StartupCache cache = new StartupCache(dir.resolve("cache"), JAVA, StartupCache.Kind.AOT_CACHE);

        StartupCache.Prepared prepared = cache.prepare(APP, jar, dir.resolve("cache.log"));

        assertThat(prepared.jar()).isEqualTo(jar);
        assertThat(prepared.cached()).isFalse();
        assertThat(prepared.needsTraining()).isFalse();
        assertThat(prepared.note()).startsWith("extracting the jar failed");
        assertThat(cache.options(prepared)).isEmpty();
        try (var left = Files.list(dir.resolve("cache"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void usesAnArchiveOnlyOnceTrainingProducedOne(@TempDir Path dir) throws Exception {
        Path appDir = dir.resolve("tiny-1");
        Files.createDirectories(appDir);
        StartupCache cache = new StartupCache(dir, JAVA, StartupCache.Kind.AOT_CACHE);
        StartupCache.Prepared untrained = new StartupCache.Prepared(APP, appDir.resolve("tiny.jar"), null,
                appDir.resolve("app.aot"), "no archive yet");
        assertThat(cache.options(untrained)).isEmpty();
        assertThat(cache.trainingOptions(untrained)).contains("-XX:AOTCacheOutput=" + appDir.resolve("app.aot.partial"),
                "-Dspring.context.exit=onRefresh");

        assertThat(cache.trained(untrained)).as("no archive written").isFalse();
        Files.write(appDir.resolve("app.aot.partial"), new byte[] {42});
        assertThat(cache.trained(untrained)).isTrue();

        StartupCache.Prepared trained = new StartupCache.Prepared(APP, appDir.resolve("tiny.jar"),
                appDir.resolve("app.aot"), null, null);
        assertThat(cache.options(trained)).containsExactly("-XX:AOTCache=" + appDir.resolve("app.aot"));
        assertThat(appDir.resolve("app.aot.partial")).doesNotExist();
    }
}
