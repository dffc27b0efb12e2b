package io.anyscope.git;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.junit.ssh.SshTestGitServer;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

/**
 * A real SSH git server in this JVM (JGit's {@link SshTestGitServer} on Apache MINA SSHD) serving one repository on
 * a free port of 127.0.0.1, and a client ssh directory made for it as a person or a CI job would have it: a private
 * key {@code id_ed25519} (OpenSSH format, no passphrase) whose public half the server accepts for {@link #USER}, and
 * a {@code known_hosts} line with the server's host key.
 *
 * <p>The server serves its repository whatever path a URL names. It accepts the key, and (when enabled) the password
 * {@code USER.toUpperCase()}.
 */
public final class SshServerFixture implements AutoCloseable {
    /** The account the server knows. */
    public static final String USER = "ci-bot";

    public final Path sshDir;
    public final int port;
    public final KeyPair hostKey;
    public final KeyPair userKey;
    private final LoopbackServer server;

    private SshServerFixture(Path sshDir, LoopbackServer server, int port, KeyPair hostKey, KeyPair userKey) {
        this.sshDir = sshDir;
        this.server = server;
        this.port = port;
        this.hostKey = hostKey;
        this.userKey = userKey;
    }

    /** Starts a server for {@code repo}, writing the client's key and known_hosts into {@code sshDir}. */
    public static SshServerFixture start(Repository repo, Path sshDir) throws IOException, GeneralSecurityException {
        KeyPair hostKey = ed25519();
        KeyPair userKey = ed25519();
        LoopbackServer server = new LoopbackServer(USER, userKey, repo, hostKey);
        int port = server.start();
        SshServerFixture f = new SshServerFixture(sshDir, server, port, hostKey, userKey);
        Files.createDirectories(sshDir);
        writePrivateKey(userKey, sshDir.resolve("id_ed25519"));
        Files.writeString(sshDir.resolve("id_ed25519.pub"), publicKeyLine(userKey) + " " + USER + "\n");
        Files.write(sshDir.resolve("known_hosts"), List.of(f.knownHostsLine()));
        return f;
    }

    /** An {@code ssh://} URL of the served repository. */
    public String url(String path) {
        return "ssh://" + USER + "@127.0.0.1:" + port + "/" + path;
    }

    /** This server's {@code known_hosts} line ({@code [127.0.0.1]:port ssh-ed25519 AAAA...}). */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + publicKeyLine(hostKey);
    }

    /** Lets the server accept password authentication too (the password is {@code USER.toUpperCase()}). */
    public void enablePasswords() {
        server.enablePasswordAuthentication();
    }

    /** A TCP port of 127.0.0.1 that was free a moment ago and has nothing listening on it now. */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A new Ed25519 key pair, as {@code ssh-keygen} makes by default (through MINA's provider: BouncyCastle). */
    public static KeyPair ed25519() throws GeneralSecurityException {
        KeyPairGenerator g = SecurityUtils.getKeyPairGenerator(SecurityUtils.EDDSA);
        g.initialize(256);
        return g.generateKeyPair();
    }

    /** Writes an unencrypted OpenSSH private key, readable only by its owner, as ssh-keygen does. */
    public static void writePrivateKey(KeyPair key, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, USER, null, out);
        }
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
    }

    /** Writes an OpenSSH private key encrypted with a passphrase (aes256-ctr, bcrypt), as {@code ssh-keygen -N}. */
    public static void writeEncryptedPrivateKey(KeyPair key, Path file, String passphrase)
            throws IOException, GeneralSecurityException {
        OpenSSHKeyEncryptionContext options = new OpenSSHKeyEncryptionContext();
        options.setPassword(passphrase);
        options.setCipherName("AES");
        options.setCipherMode("CTR");
        options.setCipherType("256");
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, USER, options, out);
        }
    }

    /** {@code ssh-ed25519 AAAA...}. */
    public static String publicKeyLine(KeyPair key) {
        return PublicKeyEntry.toString(key.getPublic());
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    /** Listens on 127.0.0.1 only (the stock server listens on every interface). */
    private static final class LoopbackServer extends SshTestGitServer {
        LoopbackServer(String user, KeyPair userKey, Repository repo, KeyPair hostKey) {
            super(user, userKey.getPublic(), repo, hostKey);
            server.setHost("127.0.0.1");
        }
    }
}
