package security;

import console.PasswordHash;
import console.UsersFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic logins against the users file. A password hash costs hundreds of milliseconds of
 * CPU on purpose, so a login checked once is remembered (as a keyed digest of the password, never the
 * password) for ten minutes while the user's line in the file stays the same; a wrong password is remembered too
 * (apart), so repeating it costs nothing. Only {@code hashPermits} hashes run at once, in turn: a
 * flood of new passwords waits, and beyond a bound is turned away ({@link Verdict#BUSY}), instead of
 * taking every CPU. The file is read again when it
 * changes (looked at once a second), so a removed user is refused from then on.
 */
public class Logins {

    /** How a login checked out. */
    public enum Verdict { ACCEPTED, REFUSED, BUSY }

    /** A login's verdict, with the user's roles when accepted. */
    public record Result(Verdict verdict, List<String> roles) {
        /** Not checked: too many checks under way. */
        public static final Result BUSY = new Result(Verdict.BUSY, List.of());
    }

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    private static final int REMEMBERED = 10_000;
    private static final Duration LOOK_AT_FILE_EVERY = Duration.ofSeconds(1);
    /** How long a checked login is remembered: a password is hashed again at least this often. */
    private static final Duration REMEMBER_FOR = Duration.ofMinutes(10);
    private static final Duration WAIT_FOR_HASHING = Duration.ofSeconds(2);
    private static final String UNKNOWN_USER = PasswordHash.of("the hash an unknown user name is checked against".toCharArray());

    private final Path file;
    private final Semaphore hashing;
    private final Clock clock;
    private final SecretKeySpec digestKey;
    // apart, so that a flood of wrong passwords cannot push out the logins that worked
    private final Map<String, Checked> accepted = remembered();
    private final Map<String, Checked> refused = remembered();
    private volatile Snapshot users;

    public Logins(Path file, int hashPermits, Clock clock) {
        this(file, new Semaphore(hashPermits, true), clock);
    }

    /** @param hashing a permit for each hash that may run at once */
    Logins(Path file, Semaphore hashing, Clock clock) {
        this.file = file;
        this.hashing = hashing;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.digestKey = new SecretKeySpec(key, "HmacSHA256");
        this.users = read();
    }

    /** The verdict if this login was checked before against the user's present line; empty if it needs a hash. */
    public Optional<Result> remembered(String name, String password) {
        Optional<UsersFile.User> user = Optional.ofNullable(currentUsers().get(name));
        String key = key(name, password);
        Checked earlier = accepted.containsKey(key) ? accepted.get(key) : refused.get(key);
        if (earlier == null || clock.instant().isAfter(earlier.at().plus(REMEMBER_FOR))) {
            return Optional.empty();
        }
        if (!earlier.hash().equals(user.map(UsersFile.User::passwordHash).orElse(UNKNOWN_USER))) {
            // removed from the file since: refused at once; a new password hash: checked again
            return user.isEmpty() ? Optional.of(new Result(Verdict.REFUSED, List.of())) : Optional.empty();
        }
        return Optional.of(earlier.accepted() && user.isPresent()
                ? new Result(Verdict.ACCEPTED, user.get().roles()) : new Result(Verdict.REFUSED, List.of()));
    }

    /** Checks the password with the slow hash (call off the event loop); BUSY when too many hashes run already. */
    public Result check(String name, String password) {
        try {
            if (!hashing.tryAcquire(WAIT_FOR_HASHING.toMillis(), TimeUnit.MILLISECONDS)) { // in turn, up to a bound
                return Result.BUSY;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.BUSY;
        }
        try {
            Optional<UsersFile.User> user = Optional.ofNullable(currentUsers().get(name));
            // an unknown name costs the same hash as a known one, so timing does not tell which names exist
            String hash = user.map(UsersFile.User::passwordHash).orElse(UNKNOWN_USER);
            boolean matches = PasswordHash.matches(hash, password.toCharArray()) && user.isPresent();
            (matches ? accepted : refused).put(key(name, password), new Checked(hash, matches, clock.instant()));
            return matches ? new Result(Verdict.ACCEPTED, user.get().roles()) : new Result(Verdict.REFUSED, List.of());
        } finally {
            hashing.release();
        }
    }

    private static Map<String, Checked> remembered() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    private Map<String, UsersFile.User> currentUsers() {
        Snapshot now = users;
        if (clock.instant().isAfter(now.lookedAt().plus(LOOK_AT_FILE_EVERY))) {
            try {
                Snapshot fresh = read();
                users = fresh.modified().equals(now.modified()) ? new Snapshot(now.users(), now.modified(), fresh.lookedAt()) : fresh;
            } catch (UncheckedIOException gone) { // fail closed: nobody gets in until the file is back
                LOG.error("The users file {} cannot be read, so every login is refused: {}", file, gone.getCause().toString());
                users = new Snapshot(Map.of(), Instant.EPOCH, clock.instant());
            }
        }
        return users.users();
    }

    private Snapshot read() {
        try {
            return new Snapshot(UsersFile.load(file), Files.getLastModifiedTime(file).toInstant(), clock.instant());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the users file " + file, e);
        }
    }

    /** A digest of name and password under a key of this process only: what is remembered instead of the password. */
    private String key(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            byte[] digest = mac.doFinal((name.length() + ":" + name + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private record Checked(String hash, boolean accepted, Instant at) {
    }

    private record Snapshot(Map<String, UsersFile.User> users, Instant modified, Instant lookedAt) {
    }
}
