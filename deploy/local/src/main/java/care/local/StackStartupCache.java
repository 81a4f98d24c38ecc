package care.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The {@link StartupCache} as the stack uses it: the applications' jars prepared (extracted) in the background
 * while the broker starts, which applications start from the cache, and, once everything is UP, the training of
 * those that have none yet, one after the other in the background (each builds its application context once and
 * exits), so that the next start uses it.
 */
final class StackStartupCache {

    private final StackConfig config;
    private final StackConsole console;
    private final StackProcesses processes;
    private final BooleanSupplier stopping;
    private volatile ExecutorService preparer;

    StackStartupCache(StackConfig config, StackConsole console, StackProcesses processes,
            BooleanSupplier stopping) {
        this.config = config;
        this.console = console;
        this.processes = processes;
        this.stopping = stopping;
    }

    /**
     * Extracts the jars (first start, or after a rebuild), overlapping with starting the broker. Two at a time:
     * more would slow the broker down on two cores.
     */
    Map<ServiceApp, CompletableFuture<StartupCache.Prepared>> prepare(StartupCache cache) {
        preparer = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "dev-stack-prepare");
            thread.setDaemon(true);
            return thread;
        });
        Map<ServiceApp, CompletableFuture<StartupCache.Prepared>> preparing = new LinkedHashMap<>();
        for (ServiceApp app : DevStack.APPS) {
            preparing.put(app, CompletableFuture.supplyAsync(() -> cache.prepare(app, app.jar(config.root()),
                    config.logsDir().resolve("startup-cache.log")), preparer));
        }
        preparer.shutdown();
        return preparing;
    }

    /** Stops preparing the jars, when that is still going on. */
    void cancel() {
        ExecutorService extracting = preparer;
        if (extracting != null) {
            extracting.shutdownNow();
        }
    }

    void report(StartupCache cache, Collection<StartupCache.Prepared> prepared) {
        long cached = prepared.stream().filter(StartupCache.Prepared::cached).count();
        long extracted = prepared.stream().filter(p -> !p.jar().startsWith(config.root().resolve(p.app().module())))
                .count();
        String detail;
        if (cache.kind() == StartupCache.Kind.NONE) {
            detail = "none (" + (config.environment().containsKey("CARE_STARTUP_CACHE") ? "CARE_STARTUP_CACHE=off"
                    : "this JVM has neither an AOT cache nor AppCDS") + "): plain jars";
        } else if (cached == prepared.size()) {
            detail = cache.describe() + " for all " + cached + " applications";
        } else {
            detail = cache.describe() + " for " + cached + " of " + prepared.size() + " applications; "
                    + (extracted == prepared.size() ? "the others are trained" : "trained")
                    + " once everything is UP, for the next start";
            prepared.stream().filter(p -> p.note() != null && !p.needsTraining())
                    .forEach(p -> console.progress(p.app().name(), "", "no start-up cache: " + p.note()));
        }
        console.progress("start-up cache", "", detail + "  (" + config.display(config.stateDir().resolve("cache"))
                + "/)");
    }

    /** Trains, in a background thread, the applications that need it, in the environment they run in. */
    void train(StartupCache cache, Map<ServiceApp, StartupCache.Prepared> prepared,
            Map<ServiceApp, Map<String, String>> environments, String java) {
        List<StartupCache.Prepared> toTrain = prepared.values().stream().filter(StartupCache.Prepared::needsTraining)
                .toList();
        if (toTrain.isEmpty()) {
            return;
        }
        Thread trainer = new Thread(() -> {
            long began = System.nanoTime();
            int done = 0;
            for (StartupCache.Prepared app : toTrain) {
                ChildProcess training = new ChildProcess(app.app().name() + "-training", config.logsDir(),
                        config.pidsDir());
                processes.add(training);
                try {
                    if (stopping.getAsBoolean()) {
                        return;
                    }
                    List<String> command = new ArrayList<>();
                    if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
                        // At a lower priority than the running stack, which the developer is using meanwhile.
                        command.addAll(List.of("/usr/bin/nice", "-n", "10"));
                    }
                    command.addAll(StackConfig.serviceCommand(java, training.name(), app.jar(),
                            cache.trainingOptions(app)));
                    training.start(command, environments.get(app.app()), config.root());
                    if (!training.awaitStop(Duration.ofMinutes(3))) {
                        continue;
                    }
                    if (training.exitCode() == 0 && cache.trained(app)) {
                        done++;
                    }
                } catch (Exception e) {
                    if (stopping.getAsBoolean()) {
                        return;
                    }
                } finally {
                    processes.remove(training);
                }
            }
            if (!stopping.getAsBoolean()) {
                console.progress("start-up cache", "trained", String.format(Locale.ROOT,
                        "%d of %d applications in %.0f s; the next start uses it", done, toTrain.size(),
                        (System.nanoTime() - began) / 1e9));
            }
        }, "dev-stack-train");
        trainer.setDaemon(true);
        trainer.start();
    }
}
