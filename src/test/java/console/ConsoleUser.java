package console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

/** A console user for a test; the password is made up per run, so none lives in the repository. */
public record ConsoleUser(String name, String password, String role) {

    public static ConsoleUser withRole(String name, String role) {
        return new ConsoleUser(name, UUID.randomUUID().toString(), role);
    }

    /** Writes a users file holding {@code users}, with their passwords hashed, into {@code dir}. */
    public static Path usersFile(Path dir, ConsoleUser... users) throws IOException {
        return Files.write(dir.resolve("console-users.properties"), Arrays.stream(users)
                .map(user -> user.name + " = " + PasswordHash.of(user.password.toCharArray()) + ", " + user.role).toList());
    }
}
