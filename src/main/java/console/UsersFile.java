package console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console's users: a properties file with one line a user, {@code name = <password hash>, role, role}.
 * Run {@code java -cp target/classes console.UsersFile <name> <role>...} to print a new line: it asks
 * for the password (or reads it from standard input) and writes only its salted hash.
 */
public final class UsersFile {

    /** A user's password hash and roles. */
    public record User(String passwordHash, List<String> roles) {
    }

    private UsersFile() {
    }

    /** The user called {@code name}, read afresh from {@code file}, so edits apply at the next login. */
    public static Optional<User> find(Path file, String name) throws IOException {
        return Optional.ofNullable(load(file).get(name));
    }

    /** Every user of the file, by name. */
    public static Map<String, User> load(Path file) throws IOException {
        Properties lines = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(reader);
        }
        Map<String, User> users = new HashMap<>();
        for (String name : lines.stringPropertyNames()) {
            List<String> fields = Arrays.stream(lines.getProperty(name).split(",")).map(String::trim).filter(field -> !field.isEmpty()).toList();
            if (!fields.isEmpty()) {
                users.put(name, new User(fields.get(0), fields.subList(1, fields.size())));
            }
        }
        return users;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !Arrays.stream(args).allMatch(word -> word.matches("[A-Za-z0-9._@-]+"))) {
            System.err.println("usage: java -cp target/classes console.UsersFile <name> <role>... >> users.properties");
            System.exit(2);
        }
        char[] password = readPassword(args[0]);
        if (password.length == 0) {
            System.err.println("an empty password is refused");
            System.exit(2);
        }
        List<String> roles = Arrays.asList(args).subList(1, args.length);
        System.out.println(args[0] + " = " + PasswordHash.of(password) + ", " + String.join(", ", roles));
    }

    private static char[] readPassword(String name) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password for %s: ", name);
            return typed == null ? new char[0] : typed;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
