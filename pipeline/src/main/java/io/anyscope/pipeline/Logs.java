package io.anyscope.pipeline;

import io.anyscope.git.Redactor;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The one logging configuration of anyscope. Libraries (Beam, JGit, Parquet, Hadoop, MINA SSHD) log through SLF4J,
 * bound to {@code java.util.logging} (slf4j-jdk14); their records never reach the terminal unless {@code --verbose}
 * asks for them. A scan also writes them, with stack traces, to a log file in DATA ({@code DATA/logs/<run>.log}) for
 * support. The user sees anyscope's own one-line messages on stderr.
 *
 * <p>Nothing is formatted when no sink is attached (the root level is then OFF). A sink that cannot write (a full
 * disk) drops records silently.
 */
public final class Logs {
    /** How many run logs a DATA directory keeps (the oldest are removed). */
    public static final int KEEP_RUN_LOGS = 20;

    private static final Logger ROOT = Logger.getLogger("");
    // Chatty below WARNING for a support log, and nothing a user can act on.
    private static final String[] WARNING_ONLY = {"org.apache.hadoop", "org.apache.flink", "org.apache.sshd",
        "org.eclipse.jgit.internal.transport.sshd"};
    private static final List<Logger> PINNED = new ArrayList<>();
    private static Handler terminal;
    private static final List<Handler> files = new ArrayList<>();
    private static boolean initialised;
    // The log file this thread's run attached last, for the failure that ends the run.
    private static final ThreadLocal<Path> RUN_LOG = new ThreadLocal<>();

    private Logs() {
    }

    /** An attached log file; closing it detaches it. */
    public interface Sink extends AutoCloseable {
        @Override
        void close();
    }

    /** Drops the JDK's default console handler: libraries' records go only to the sinks attached here. */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        initialised = true;
        LogManager.getLogManager().reset();
        for (String name : WARNING_ONLY) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.WARNING);
            PINNED.add(l); // java.util.logging keeps loggers weakly: a collected one would forget its level
        }
        relevel();
    }

    /**
     * {@code --verbose}: libraries' records (INFO and above, with stack traces) also go to {@code err}; off again with
     * {@code null}.
     */
    public static synchronized void verbose(PrintWriter err) {
        init();
        if (terminal != null) {
            ROOT.removeHandler(terminal);
            terminal = null;
        }
        if (err != null) {
            terminal = handler(new Writer() {
                @Override
                public void write(char[] c, int off, int len) {
                    err.write(c, off, len);
                }

                @Override
                public void flush() {
                    err.flush();
                }

                @Override
                public void close() {
                    err.flush();
                }
            });
            ROOT.addHandler(terminal);
        }
        relevel();
    }

    /**
     * Writes libraries' records to {@code file} until the returned handle is closed. The file is created with the
     * first record (a run whose libraries said nothing leaves none); then the oldest {@code *.log} files beyond
     * {@link #KEEP_RUN_LOGS} in its directory are removed. Never fails: without a writable file, nothing is logged
     * there.
     */
    public static synchronized Sink toFile(Path file) {
        init();
        RUN_LOG.set(file);
        Handler h = handler(new LazyFileWriter(file));
        files.add(h);
        ROOT.addHandler(h);
        relevel();
        return () -> {
            synchronized (Logs.class) {
                ROOT.removeHandler(h);
                files.remove(h);
                h.close();
                relevel();
            }
        };
    }

    /** Forgets the run log this thread attached (call before a run, so that a failure is not put in the last one). */
    public static void forgetRunLog() {
        RUN_LOG.remove();
    }

    /**
     * Appends the failure that ended this thread's run, with its stack trace, to that run's log; returns the log, or
     * null when there is none or it cannot be written.
     */
    public static Path recordFailure(Throwable e) {
        Path file = RUN_LOG.get();
        if (file == null) {
            return null;
        }
        LogRecord r = new LogRecord(Level.SEVERE, "the run failed");
        r.setLoggerName("anyscope");
        r.setThrown(e);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, new LineFormatter().format(r), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return file;
        } catch (IOException | RuntimeException x) {
            return null;
        }
    }

    /** Opens its file on the first write; after a failure to open, drops everything. */
    private static final class LazyFileWriter extends Writer {
        private final Path file;
        private Writer w;
        private boolean failed;

        LazyFileWriter(Path file) {
            this.file = file;
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            if (w == null && !failed) {
                try {
                    Files.createDirectories(file.getParent());
                    prune(file.getParent());
                    w = new java.io.OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    failed = true;
                }
            }
            if (w != null) {
                w.write(c, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (w != null) {
                w.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (w != null) {
                w.close();
            }
        }
    }

    private static void prune(Path dir) throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.list(dir)) {
            logs = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted(
                    Comparator.comparing(p -> p.getFileName().toString())).toList());
        }
        for (int i = 0; i < logs.size() - (KEEP_RUN_LOGS - 1); i++) {
            Files.deleteIfExists(logs.get(i));
        }
    }

    private static void relevel() {
        ROOT.setLevel(terminal == null && files.isEmpty() ? Level.OFF : Level.INFO);
    }

    private static Handler handler(Writer w) {
        Handler h = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                if (!isLoggable(r)) {
                    return;
                }
                try {
                    w.write(getFormatter().format(r));
                    w.flush();
                } catch (IOException | RuntimeException e) {
                    // A log that cannot be written (a full disk) must not add a problem of its own.
                }
            }

            @Override
            public void flush() {
                try {
                    w.flush();
                } catch (IOException ignored) {
                    // see publish
                }
            }

            @Override
            public void close() {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // see publish
                }
            }
        };
        h.setErrorManager(new ErrorManager() {
            @Override
            public synchronized void error(String msg, Exception ex, int code) {
                // silent: see publish
            }
        });
        h.setFormatter(new LineFormatter());
        h.setLevel(Level.ALL);
        return h;
    }

    /** {@code 2026-01-01T10:00:00.123Z WARNING [thread] logger - message}, then the stack trace, if any. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160);
            sb.append(Instant.ofEpochMilli(r.getMillis())).append(' ').append(r.getLevel().getName()).append(' ')
                    .append(r.getLoggerName()).append(" - ").append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                sb.append(sw);
            }
            return Redactor.redact(sb.toString());
        }
    }
}
