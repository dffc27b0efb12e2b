package io.anyscope.git;

import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ssh session factories {@link RepoOpener} hands to JGit's ssh transports: JGit's Apache MINA SSHD
 * implementation, built explicitly per ssh directory (never the JVM-wide {@link SshSessionFactory#getInstance()}).
 *
 * <p>JGit bounds the TCP connect by the transport timeout but waits for the ssh handshake and login for MINA's own
 * authentication timeout (two minutes): a host that accepts the connection and then says nothing would hold a
 * repository that long. So the whole session set-up runs on a thread of its own, bounded by the transport timeout
 * too, and is interrupted (MINA then closes the half-open session) when it is over.
 */
final class SshSessions {
    /** One factory per ssh directory (it caches the keys it read), made on the first ssh URL. */
    private static final ConcurrentHashMap<Path, SshSessionFactory> FACTORIES = new ConcurrentHashMap<>();

    private SshSessions() {
    }

    /** The session factory reading keys, {@code known_hosts} and {@code config} from {@code sshDir}. */
    static SshSessionFactory forDirectory(Path sshDir) {
        return FACTORIES.computeIfAbsent(sshDir, d -> new Bounded(build(d)));
    }

    private static SshdSessionFactory build(Path sshDir) {
        // Explicit home and ssh directories: identities (id_ed25519, id_ecdsa, id_rsa, ... and config's
        // IdentityFile), known_hosts and config are read from sshDir, '~' in config from the user's home. No
        // ssh-agent (no connector factory) and no proxy data factory: only what that directory holds is used.
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(FS.DETECTED.userHome())
                .setSshDirectory(sshDir.toFile())
                .setConnectorFactory(null)
                .setProxyDataFactory(null)
                .build(new JGitKeyCache());
    }

    /** Sets up each session within the transport timeout, whatever MINA's own timeouts say. */
    static final class Bounded extends SshSessionFactory {
        private final SshSessionFactory delegate;

        Bounded(SshSessionFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String getType() {
            return delegate.getType();
        }

        @Override
        public RemoteSession getSession(URIish uri, CredentialsProvider credentialsProvider, FS fs, int tms)
                throws TransportException {
            if (tms <= 0) {
                return delegate.getSession(uri, credentialsProvider, fs, tms);
            }
            java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();
            FutureTask<RemoteSession> connect = new FutureTask<>(() -> {
                RemoteSession session = delegate.getSession(uri, credentialsProvider, fs, tms);
                // a flag, not the interrupt status, which the ssh library may have cleared while connecting
                if (abandoned.get() || Thread.currentThread().isInterrupted()) {
                    session.disconnect(); // given up on: nobody would close it
                    throw new InterruptedException();
                }
                return session;
            });
            Thread t = new Thread(connect, "anyscope-ssh-connect");
            t.setDaemon(true);
            t.start();
            try {
                return connect.get(tms, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                abandoned.set(true);
                connect.cancel(true);
                try {
                    // finished in the meantime after all
                    return connect.get();
                } catch (CancellationException | InterruptedException | ExecutionException gone) {
                    throw new TransportException(uri, "ssh handshake timed out after " + tms / 1000
                            + " s (the host accepted the connection but did not complete the ssh handshake and login)");
                }
            } catch (InterruptedException e) {
                abandoned.set(true);
                connect.cancel(true);
                Thread.currentThread().interrupt();
                throw new TransportException(uri, "interrupted while connecting", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TransportException te) {
                    throw te;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new TransportException(uri, String.valueOf(cause.getMessage()), cause);
            }
        }
    }
}
