package io.lading.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server of a test's own that the test can kill and start again (crash tests), on the server the run targets:
 * WildFly ({@link ServerProcess}) or Payara ({@link PayaraServerProcess}).
 */
public interface KillableServer extends AutoCloseable {

    /**
     * A fresh server in {@code directory} under {@code target} running {@code war}, {@code portShift} above the
     * Arquillian-managed server's ports; nothing is started yet.
     */
    static KillableServer prepare(Path target, String directory, Path war, int portShift,
                                  Map<String, String> environment) throws IOException {
        if (TestServer.isPayara()) {
            return new PayaraServerProcess(Path.of(System.getProperty("payara.home", target.resolve("payara").toString())),
                    target.resolve(directory), war, Integer.getInteger("it.payara.port.base", 20000) + portShift,
                    environment);
        }
        Path jbossHome = Path.of(System.getProperty("jboss.home", target.resolve("server").toString()));
        return ServerProcess.prepare(jbossHome, target.resolve(directory), war,
                Integer.getInteger("it.port.offset", 100) + portShift, environment);
    }

    void start() throws IOException, InterruptedException;

    void awaitReady(Duration timeout) throws InterruptedException;

    /** Kills the server's JVM (SIGKILL), as a crash would. */
    void kill() throws InterruptedException;

    String baseUrl();

    Path serverLog();

    /** The server's own JVM while it runs (not a wrapper script's). */
    Optional<ProcessHandle> jvm();

    /**
     * Writes the server's threads ({@code jcmd PID Thread.print}) to {@code file}, for a test that gave up waiting
     * on the server: which thread waits on what is what the server log cannot tell. Returns what to tell the
     * reader: the file, or why there is none.
     */
    default String dumpThreads(Path file) {
        Optional<ProcessHandle> jvm = jvm();
        if (jvm.isEmpty()) {
            return "no thread dump: the server's JVM is not running";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Files.createDirectories(file.getParent());
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.get().pid()), "Thread.print", "-l")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            if (!dump.waitFor(60, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "thread dump did not finish within 60 s: " + file;
            }
            return dump.exitValue() == 0 ? "threads: " + file : "jcmd exited with " + dump.exitValue() + ": " + file;
        } catch (IOException e) {
            return "no thread dump (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump (interrupted)";
        }
    }

    /**
     * The server log's text, with what rotation has moved aside: WildFly renames server.log at midnight, and a run
     * that crosses it finds the lines written before in server.log.DATE. Empty before the server has written any.
     */
    default String serverLogText() throws IOException {
        Path log = serverLog();
        String name = log.getFileName().toString();
        StringBuilder text = new StringBuilder();
        if (!Files.isDirectory(log.getParent())) {
            return "";
        }
        try (Stream<Path> files = Files.list(log.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(name)).sorted().toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }

    @Override
    void close();
}
