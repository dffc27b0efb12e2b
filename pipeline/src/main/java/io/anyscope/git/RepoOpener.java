package io.anyscope.git;

import io.anyscope.util.Trees;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the repositories of a scan.
 *
 * <ul>
 *   <li>A local path (a working copy or a bare repository) is opened in place and never written to: no fetch, no
 *       index refresh, no configuration change. The directory itself must be the repository (its {@code .git}
 *       directory or file, or a bare repository): parent directories are not searched.</li>
 *   <li>A URL is cloned once into {@code cacheDir/<repoId>-<name>.git} as a bare clone of all branches
 *       ({@code +refs/heads/*:refs/heads/*}) and tags ({@code +refs/tags/*:refs/tags/*}), HEAD following the
 *       remote's default branch. The clone is made in a temporary directory and moved into place when complete, so
 *       an interrupted clone is never mistaken for a good one. Later opens fetch the same refspecs into it (deleted
 *       branches and tags are removed). The remote URL recorded in the clone's configuration is the redacted one;
 *       the real URL (which may carry a credential) is only passed to the transport, and {@code FETCH_HEAD} is
 *       deleted after every fetch because it quotes the URL.</li>
 *   <li>Transports never prompt (no interactive credentials provider) and use a connect/read timeout.</li>
 *   <li>{@code ssh://user@host[:port]/path} and scp-like {@code user@host:path} URLs go through JGit's Apache MINA
 *       SSHD transport, with a session factory of this opener's own ({@link SshSessions}, never the JVM-wide
 *       {@link org.eclipse.jgit.transport.SshSessionFactory#getInstance()}) reading its keys, {@code known_hosts} and
 *       {@code config} from one ssh directory, as OpenSSH does: {@code ~/.ssh} by default, or the one given (a CI
 *       job's deploy key). Host keys are checked against {@code known_hosts} and an unknown or changed key is
 *       refused (never asked about, never added, unless that directory's {@code config} says
 *       {@code StrictHostKeyChecking accept-new}, which records it in an existing {@code known_hosts}, or
 *       {@code no}). Authentication is by key only: keys with a passphrase cannot be used (nothing prompts), no
 *       ssh-agent is asked, and a password in an {@code ssh://user:password@host} URL is not used (as with git's own
 *       ssh) and is redacted like any other. The whole session set-up is bounded by the timeout too.</li>
 * </ul>
 *
 * A failed fetch of an existing clone is an error too: a stale clone is never used silently.
 *
 * <p>Failures are {@link GitInputException}s naming the redacted repository. Thread-safe: opens of the same URL in one
 * JVM are serialised.
 */
public final class RepoOpener {
    /** Default transport timeout, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 30;

    static final String[] REFSPECS = {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};

    private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path cacheDir;
    private final int timeoutSeconds;
    private final Path sshDir;

    public RepoOpener(Path cacheDir) {
        this(cacheDir, DEFAULT_TIMEOUT_SECONDS);
    }

    public RepoOpener(Path cacheDir, int timeoutSeconds) {
        this(cacheDir, timeoutSeconds, null);
    }

    /**
     * @param sshDir where ssh URLs find their keys, {@code known_hosts} and {@code config}; {@code null} for the
     *               user's {@code ~/.ssh}
     */
    public RepoOpener(Path cacheDir, int timeoutSeconds, Path sshDir) {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeout must be positive: " + timeoutSeconds);
        }
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.timeoutSeconds = timeoutSeconds;
        this.sshDir = (sshDir != null ? sshDir : defaultSshDir()).toAbsolutePath().normalize();
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** The ssh directory of ssh URLs: the one given, or the user's {@code ~/.ssh}. */
    public Path sshDir() {
        return sshDir;
    }

    /** The user's {@code ~/.ssh}, as OpenSSH and JGit find it. */
    public static Path defaultSshDir() {
        return FS.DETECTED.userHome().toPath().resolve(".ssh");
    }

    /** Where the clone of a URL lives: {@code cacheDir/<repoId>-<sanitised name>.git}. */
    public Path cachePath(RepoSpec spec) {
        String safe = spec.name().replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 40) {
            safe = safe.substring(0, 40);
        }
        return cacheDir.resolve(spec.repoId() + "-" + safe + ".git");
    }

    /**
     * Opens a repository: a local one in place, a URL through the cache (clone the first time, fetch afterwards).
     *
     * @throws GitInputException kind missing_repo (no such path, not a repository, remote not found), io (remote
     *                           unreachable, timeout), corrupt (unreadable repository) or other; stage open or fetch
     */
    public OpenedRepo open(RepoSpec spec) {
        return spec.isUrl() ? openUrl(spec) : openLocal(spec);
    }

    /**
     * Opens a repository for reading only, as workers do after {@link #open} prepared it: a local repository in
     * place, a URL's cached clone as it is (never cloned or fetched here).
     */
    public OpenedRepo openForReading(RepoSpec spec) {
        if (!spec.isUrl()) {
            return openLocal(spec);
        }
        Path dir = cachePath(spec);
        if (!Files.isDirectory(dir)) {
            throw new GitInputException(ErrorKind.MISSING_REPO, Stage.OPEN, "repository " + spec.redactedLocation()
                    + ": no cached clone at " + dir);
        }
        return new OpenedRepo(spec, openCached(spec, dir), dir, OpenedRepo.Action.OPENED_CACHED);
    }

    private OpenedRepo openLocal(RepoSpec spec) {
        String where = "repository " + spec.redactedLocation();
        Path dir;
        try {
            dir = spec.localPath();
        } catch (RuntimeException e) {
            throw new GitInputException(ErrorKind.MISSING_REPO, Stage.OPEN, where + ": invalid path: " + e.getMessage());
        }
        if (!Files.exists(dir)) {
            throw new GitInputException(ErrorKind.MISSING_REPO, Stage.OPEN, where + ": path does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new GitInputException(ErrorKind.MISSING_REPO, Stage.OPEN, where + ": not a directory");
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
        if (Files.exists(dir.resolve(Constants.DOT_GIT))) {
            builder.setWorkTree(dir.toFile()); // .git directory, or a .git file (linked worktree, submodule)
        } else if (RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            builder.setGitDir(dir.toFile()); // a bare repository, or a .git directory given directly
        } else {
            throw new GitInputException(ErrorKind.MISSING_REPO, Stage.OPEN, where + ": not a git repository");
        }
        try {
            Repository repo = builder.build();
            return new OpenedRepo(spec, repo, repo.getDirectory().toPath(), OpenedRepo.Action.OPENED_LOCAL);
        } catch (RepositoryNotFoundException e) {
            throw new GitInputException(ErrorKind.MISSING_REPO, Stage.OPEN, where + ": not a git repository", e);
        } catch (IOException | RuntimeException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.OPEN, where + ": cannot open: " + e.getMessage(), e);
        }
    }

    private OpenedRepo openUrl(RepoSpec spec) {
        if (isSsh(spec.location()) && !Files.isDirectory(sshDir) && !sshDir.equals(defaultSshDir())) {
            throw new GitInputException(ErrorKind.OTHER, Stage.FETCH, spec.redactedLocation()
                    + ": the ssh directory " + sshDir + " does not exist");
        }
        Path target = cachePath(spec);
        synchronized (LOCKS.computeIfAbsent(target.toString(), k -> new Object())) {
            if (Files.isDirectory(target) && RepositoryCache.FileKey.isGitRepository(target.toFile(), FS.DETECTED)) {
                Repository repo = openCached(spec, target);
                try {
                    fetch(spec, repo);
                } catch (RuntimeException e) {
                    repo.close();
                    throw e;
                }
                return new OpenedRepo(spec, repo, target, OpenedRepo.Action.FETCHED);
            }
            if (Files.exists(target)) {
                // Not a repository (left over from something else): it is our cache slot, so replace it.
                deleteTree(target, spec);
            }
            cloneInto(spec, target);
            return new OpenedRepo(spec, openCached(spec, target), target, OpenedRepo.Action.CLONED);
        }
    }

    static boolean isSsh(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ssh://") || lower.startsWith("git+ssh://") || lower.startsWith("ssh+git://")) {
            return true;
        }
        return !lower.contains("://") && RepoSpec.of(location).isUrl(); // scp-like
    }

    /** Gives ssh transports this opener's session factory; other transports are left as they are. */
    private void configure(Transport transport) {
        if (transport instanceof SshTransport ssh) {
            ssh.setSshSessionFactory(SshSessions.forDirectory(sshDir));
        }
    }

    private Repository openCached(RepoSpec spec, Path target) {
        try {
            return new FileRepositoryBuilder().setGitDir(target.toFile()).setMustExist(true).build();
        } catch (IOException | RuntimeException e) {
            throw new GitInputException(ErrorKind.CORRUPT, Stage.OPEN, spec.redactedLocation()
                    + ": cannot open the cached clone " + target + ": " + e.getMessage(), e);
        }
    }

    private void cloneInto(RepoSpec spec, Path target) {
        Path tmp;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempDirectory(cacheDir, ".clone-" + spec.repoId() + "-");
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.IO, Stage.FETCH, spec.redactedLocation()
                    + ": cannot create the cache directory " + cacheDir + ": " + e, e);
        }
        try {
            try (Git git = Git.init().setBare(true).setGitDir(tmp.toFile()).setDirectory(tmp.toFile()).call()) {
                StoredConfig config = git.getRepository().getConfig();
                config.setString(ConfigConstants.CONFIG_REMOTE_SECTION, "origin", ConfigConstants.CONFIG_KEY_URL,
                        spec.redactedLocation());
                config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null,
                        ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, false);
                noAutoGc(config);
                config.save();
                var result = git.fetch().setRemote(spec.location()).setRefSpecs(REFSPECS)
                        .setTagOpt(TagOpt.NO_TAGS).setTimeout(timeoutSeconds)
                        .setCredentialsProvider(NoPrompt.INSTANCE).setTransportConfigCallback(this::configure).call();
                String head = remoteHead(result, git.getRepository());
                if (head != null) {
                    git.getRepository().updateRef(Constants.HEAD).link(head);
                }
                Files.deleteIfExists(tmp.resolve("FETCH_HEAD"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } catch (FileAlreadyExistsException e) {
            // Another process finished the same clone first: use theirs.
            deleteTree(tmp, spec);
        } catch (GitAPIException | RuntimeException e) {
            deleteTree(tmp, spec);
            throw transportFailure(spec, e);
        } catch (IOException e) {
            deleteTree(tmp, spec);
            if (Files.isDirectory(target)) {
                return; // a concurrent clone won the rename
            }
            throw new GitInputException(ErrorKind.IO, Stage.FETCH, spec.redactedLocation() + ": cannot clone into "
                    + target + ": " + e, e);
        }
    }

    /**
     * No automatic gc after a fetch in the cache's clones: JGit's would run after each fetch over dumb HTTP (which
     * leaves loose objects), fail on its {@code gc.log.lock} and leave that lock behind. The clones stay as fetched.
     */
    private static void noAutoGc(StoredConfig config) {
        config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
        config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOPACKLIMIT, 0);
        config.setBoolean(ConfigConstants.CONFIG_FETCH_SECTION, null, "autogc", false);
    }

    private void fetch(RepoSpec spec, Repository repo) {
        StoredConfig config = repo.getConfig();
        if (config.getInt(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTO, -1) != 0) {
            noAutoGc(config); // a clone made before auto gc was turned off
            try {
                config.save();
            } catch (IOException e) {
                throw new GitInputException(ErrorKind.IO, Stage.FETCH, spec.redactedLocation()
                        + ": cannot write the cached clone's configuration: " + e.getMessage(), e);
            }
        }
        try (Git git = new Git(repo)) {
            var result = git.fetch().setRemote(spec.location()).setRefSpecs(REFSPECS).setTagOpt(TagOpt.NO_TAGS)
                    .setRemoveDeletedRefs(true).setTimeout(timeoutSeconds).setCredentialsProvider(NoPrompt.INSTANCE)
                    .setTransportConfigCallback(this::configure).call();
            Files.deleteIfExists(repo.getDirectory().toPath().resolve("FETCH_HEAD"));
            String head = remoteHead(result, repo);
            if (head != null && !head.equals(repo.getFullBranch())) {
                repo.updateRef(Constants.HEAD).link(head);
            }
        } catch (GitAPIException | RuntimeException e) {
            throw transportFailure(spec, e);
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.IO, Stage.FETCH, spec.redactedLocation() + ": fetch failed: " + e, e);
        }
    }

    /** The branch the remote's HEAD names, when it says, and the clone has it. */
    private static String remoteHead(org.eclipse.jgit.transport.FetchResult result, Repository repo)
            throws IOException {
        var advertised = result.getAdvertisedRef(Constants.HEAD);
        String target = null;
        if (advertised != null && advertised.isSymbolic()) {
            target = advertised.getTarget().getName();
        } else if (advertised != null && advertised.getObjectId() != null) {
            // No symref information: pick the branch at HEAD's commit, preferring main, then master.
            for (String candidate : new String[] {"refs/heads/main", "refs/heads/master"}) {
                var ref = repo.exactRef(candidate);
                if (ref != null && advertised.getObjectId().equals(ref.getObjectId())) {
                    return candidate;
                }
            }
            for (var ref : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                if (advertised.getObjectId().equals(ref.getObjectId())) {
                    return ref.getName();
                }
            }
        }
        if (target == null) {
            // HEAD not advertised (e.g. protocol v2 filtered by our refspecs): keep HEAD if it resolves, else the
            // first of main, master, or any branch.
            if (repo.exactRef(repo.getFullBranch() == null ? Constants.HEAD : repo.getFullBranch()) != null) {
                return null;
            }
            for (String candidate : new String[] {"refs/heads/main", "refs/heads/master"}) {
                if (repo.exactRef(candidate) != null) {
                    return candidate;
                }
            }
            var heads = repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS);
            return heads.isEmpty() ? null : heads.get(0).getName();
        }
        return repo.exactRef(target) != null ? target : null;
    }

    private GitInputException transportFailure(RepoSpec spec, Exception e) {
        String where = spec.redactedLocation();
        Throwable root = e;
        boolean notFound = false;
        boolean notSupported = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException || t instanceof InvalidRemoteException
                    || t instanceof RepositoryNotFoundException) {
                notFound = true;
            }
            if (t instanceof NotSupportedException) {
                notSupported = true;
            }
            root = t;
        }
        String detail = describe(e, root);
        if (notSupported) {
            return new GitInputException(ErrorKind.OTHER, Stage.FETCH, where + ": transport not supported: "
                    + detail, e);
        }
        if (notFound && !detail.toLowerCase(Locale.ROOT).contains("connect")) {
            return new GitInputException(ErrorKind.MISSING_REPO, Stage.FETCH, where + ": repository not found: "
                    + detail, e);
        }
        String lower = detail.toLowerCase(Locale.ROOT);
        if (isSsh(spec.location())) {
            GitInputException ssh = sshFailure(spec, e, lower, detail);
            if (ssh != null) {
                return ssh;
            }
        }
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains("auth fail")) {
            return new GitInputException(ErrorKind.OTHER, Stage.FETCH, where + ": authentication failed: " + detail,
                    e);
        }
        return new GitInputException(ErrorKind.IO, Stage.FETCH, where + ": unreachable: " + detail, e);
    }

    /** The ssh failures that need saying what to do: the host key, the login. {@code null} for the others. */
    private GitInputException sshFailure(RepoSpec spec, Exception e, String lower, String detail) {
        String where = spec.redactedLocation();
        if (lower.contains("server key did not validate") || lower.contains("host key")) {
            // JGit says the same for an unknown and a changed key; it never asks (nothing prompts) and never adds.
            return new GitInputException(ErrorKind.OTHER, Stage.FETCH, where + ": ssh host key not trusted: the"
                    + " server's host key is not in " + sshDir.resolve("known_hosts") + " (unknown host) or differs"
                    + " from the one recorded there (changed key); check the key and add the server's line, e.g. from"
                    + " ssh-keyscan" + hostAndPort(spec) + " (" + detail + ")", e);
        }
        if (lower.contains("cannot log in") || lower.contains("no more authentication methods")
                || lower.contains("authentication") || lower.contains("auth fail")) {
            boolean password = hasPassword(spec.location());
            return new GitInputException(ErrorKind.OTHER, Stage.FETCH, where + ": ssh authentication failed: the"
                    + " server accepted no key from " + sshDir + " (id_ed25519, id_ecdsa, id_rsa, ... or an"
                    + " IdentityFile of its config; keys with a passphrase cannot be used)"
                    + (password ? "; a password in an ssh URL is not used" : "") + " (" + detail + ")", e);
        }
        return null;
    }

    /** {@code " -p PORT HOST"} for the ssh-keyscan hint, or empty when the location does not parse. */
    private static String hostAndPort(RepoSpec spec) {
        try {
            URIish uri = new URIish(spec.location());
            return (uri.getPort() > 0 ? " -p " + uri.getPort() : "")
                    + (uri.getHost() == null ? "" : " " + uri.getHost());
        } catch (java.net.URISyntaxException | RuntimeException ex) {
            return "";
        }
    }

    private static boolean hasPassword(String location) {
        try {
            return new URIish(location).getPass() != null;
        } catch (java.net.URISyntaxException | RuntimeException ex) {
            return false;
        }
    }

    /**
     * The top message and the root cause's, on one line (JGit's ssh messages span several), in words: no Java class
     * names reach the user.
     */
    private static String describe(Exception top, Throwable root) {
        String topMsg = top.getMessage() == null ? words(top) : top.getMessage();
        String rootMsg = words(root);
        String text = root == top || root.getMessage() == null || topMsg.contains(root.getMessage()) ? topMsg
                : topMsg + " (" + rootMsg + ")";
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** A cause's message, with what its class says when the message alone does not (an unknown host's name). */
    private static String words(Throwable t) {
        String m = t.getMessage();
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host" + (m == null ? "" : " " + m);
        }
        if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.InterruptedIOException) {
            return "timed out" + (m == null ? "" : " (" + m + ")");
        }
        if (t instanceof java.io.EOFException) {
            return "connection closed early" + (m == null ? "" : " (" + m + ")");
        }
        return m == null ? "failed without a message" : m;
    }

    private static void deleteTree(Path dir, RepoSpec spec) {
        try {
            Trees.delete(dir);
        } catch (IOException e) {
            throw new GitInputException(ErrorKind.IO, Stage.FETCH, spec.redactedLocation()
                    + ": cannot clean up " + dir + ": " + e, e);
        }
    }

    /** Answers every credential question with "no", so that nothing ever waits for a user. */
    static final class NoPrompt extends CredentialsProvider {
        static final NoPrompt INSTANCE = new NoPrompt();

        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            return false;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
            return false;
        }
    }
}
