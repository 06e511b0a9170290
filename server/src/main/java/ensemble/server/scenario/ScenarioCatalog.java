package ensemble.server.scenario;

import ensemble.scenario.Diagnostic;
import ensemble.scenario.catalog.Catalog;
import ensemble.scenario.catalog.CatalogLoad;
import ensemble.scenario.catalog.FolderLoad;
import ensemble.scenario.model.Scenario;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scenarios this node offers, loaded from the scenario directory and hot-reloaded: a watcher
 * thread notices changed folders, validates them, and swaps in a valid new version (new sessions
 * use it; running sessions keep the version they started with). An invalid change is logged with
 * its diagnostics and the previous version stays. Thread-safe.
 */
public final class ScenarioCatalog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScenarioCatalog.class);
    /** Quiet time after a change before a folder is reloaded, so editors can finish writing. */
    static final long SETTLE_MILLIS = 150;

    private final Path dir;
    private final Catalog catalog = new Catalog();
    private final Map<String, Scenario> byId = new ConcurrentHashMap<>();
    private final Map<Path, String> idByFolder = new ConcurrentHashMap<>();
    private final Map<Path, List<Diagnostic>> problems = new ConcurrentHashMap<>();
    /** Content hash of each scenario's file as loaded, to notice edits that keep the version. */
    private final Map<String, String> hashById = new ConcurrentHashMap<>();
    private final Map<Path, List<Diagnostic>> warnings = new ConcurrentHashMap<>();
    private WatchService watcher;
    private Thread thread;
    private volatile long reloads;

    public ScenarioCatalog(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Loads every folder and starts watching; a missing directory is logged and watched for nothing. */
    public ScenarioCatalog start() {
        if (!Files.isDirectory(dir)) {
            log.warn("scenario directory {} does not exist; only the built-in test room is offered", dir);
            return this;
        }
        CatalogLoad load = catalog.loadAll(dir);
        for (Scenario scenario : load.scenarios()) {
            Path folder = scenario.folder().toAbsolutePath().normalize();
            byId.put(scenario.id(), scenario);
            idByFolder.put(folder, scenario.id());
            hashById.put(scenario.id(), Catalog.contentHash(scenario.file()));
        }
        for (Diagnostic d : load.diagnostics()) {
            log.warn("scenario: {}", d);
        }
        log.info("scenario catalogue: {} scenarios from {}", byId.size(), dir);
        try {
            watcher = FileSystems.getDefault().newWatchService();
            register(dir);
            try (Stream<Path> folders = Files.list(dir)) {
                for (Path folder : folders.filter(Files::isDirectory).toList()) {
                    register(folder);
                }
            }
        } catch (IOException e) {
            log.warn("cannot watch {} for changes: {}", dir, e.getMessage());
            return this;
        }
        thread = new Thread(this::watch, "scenario-watcher");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void register(Path folder) throws IOException {
        folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void watch() {
        Map<Path, Long> dirty = new HashMap<>();
        while (true) {
            WatchKey key;
            try {
                key = dirty.isEmpty() ? watcher.take() : watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            long now = System.currentTimeMillis();
            if (key != null) {
                Path watched = (Path) key.watchable();
                for (var event : key.pollEvents()) {
                    Path changed = event.context() instanceof Path p ? watched.resolve(p) : watched;
                    Path folder = watched.equals(dir) ? changed : watched;
                    if (watched.equals(dir) && Files.isDirectory(changed)) {
                        try {
                            register(changed);
                        } catch (IOException e) {
                            log.warn("cannot watch {}: {}", changed, e.getMessage());
                        }
                    }
                    dirty.put(folder.toAbsolutePath().normalize(), now);
                }
                key.reset();
            }
            for (Path folder : new ArrayList<>(dirty.keySet())) {
                if (now - dirty.get(folder) >= SETTLE_MILLIS) {
                    dirty.remove(folder);
                    reload(folder);
                }
            }
        }
    }

    /** Reloads one scenario folder now (the watcher calls this; so may tests and tools). */
    public void reload(Path folder) {
        Path key = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(key)) {
            String gone = idByFolder.remove(key);
            if (gone != null) {
                byId.remove(gone);
                log.info("scenario {} removed (folder {} is gone)", gone, key);
            }
            return;
        }
        FolderLoad load = catalog.loadFolder(key);
        reloads++;
        if (load instanceof FolderLoad.Valid valid) {
            Scenario scenario = valid.scenario();
            Scenario previous = byId.get(scenario.id());
            String previousFolderId = idByFolder.get(key);
            if (previous != null && !previous.folder().toAbsolutePath().normalize().equals(key)) {
                log.warn("scenario id {} in {} is already used by {}; change ignored", scenario.id(), key, previous.folder());
                return;
            }
            if (previousFolderId != null && !previousFolderId.equals(scenario.id())) {
                byId.remove(previousFolderId);
            }
            boolean edited = previous != null && !valid.contentHash().equals(hashById.get(scenario.id()));
            Optional<Diagnostic> sameVersion = edited ? Catalog.unchangedVersion(new FolderLoad.Valid(key, previous,
                    List.of(), hashById.getOrDefault(scenario.id(), "")), valid) : Optional.empty();
            byId.put(scenario.id(), scenario);
            idByFolder.put(key, scenario.id());
            hashById.put(scenario.id(), valid.contentHash());
            problems.remove(key);
            if (edited) {
                // after the swap, so that whoever sees the warning also sees the edit it is about
                sameVersion.ifPresentOrElse(d -> {
                    warnings.put(key, List.of(d));
                    log.warn("scenario: {}", d);
                }, () -> warnings.remove(key));
            }
            log.info("scenario {} version {} loaded from {}", scenario.id(), scenario.version(), key);
        } else {
            problems.put(key, load.diagnostics());
            for (Diagnostic d : load.diagnostics()) {
                log.warn("scenario change rejected, previous version stays in use: {}", d);
            }
        }
    }

    public Optional<Scenario> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Scenarios by id, sorted. */
    public Map<String, Scenario> all() {
        return new TreeMap<>(byId);
    }

    /** Diagnostics of the last rejected change per folder. */
    public Map<Path, List<Diagnostic>> rejected() {
        return Map.copyOf(problems);
    }

    /** Warnings of the last accepted change per folder (an edit that kept its version). */
    public Map<Path, List<Diagnostic>> warnings() {
        return Map.copyOf(warnings);
    }

    public long reloadCount() {
        return reloads;
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing the watcher: {}", e.getMessage());
            }
        }
    }
}
