package docs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation: the README stays short, its links and those of docs/*.md lead somewhere in the
 * repository, and no text points at things outside it (issues, notes, sessions).
 */
class DocsTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().normalize();
    private static final long README_MAX_BYTES = 15_360;

    /** An inline link or image: [text](target "title"), the target perhaps in angle brackets. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A reference definition: [label]: target */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+]:\\s*<?([^\\s>]+)>?");
    /** A target with a scheme (https:, mailto:, ...) is not a file of the repository. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern FENCED_CODE = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?^ {0,3}\\1[^\\n]*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`\\n]*`+");
    /** Words that point outside the repository. Whole words, so "issued" or "tissue" pass. */
    private static final Pattern OUTSIDE = Pattern.compile("(?i)\\b(issues?|sessions?|the notes)\\b");
    /** Web addresses are left out of the word check: a GitHub address may well contain "issues". */
    private static final Pattern WEB_ADDRESS = Pattern.compile("(?i)https?://[^\\s)>\"'`]+");

    @Test
    @DisplayName("README.md is at most 15 KB: the detail lives in docs/")
    void readmeIsShort() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md")))
                .as("bytes of README.md; move detail to docs/ and link it")
                .isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    @DisplayName("every relative link in README.md and docs/*.md points to a file of the repository")
    void relativeLinksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            for (String target : relativeTargets(Files.readString(doc))) {
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = doc.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": " + target);
                }
            }
        }
        assertThat(broken).as("links to files that do not exist in the repository").isEmpty();
    }

    @Test
    @DisplayName("README.md and docs/*.md refer to nothing outside the repository (issues, notes, sessions)")
    void nothingOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher matcher = OUTSIDE.matcher(WEB_ADDRESS.matcher(lines.get(i)).replaceAll(""));
                while (matcher.find()) {
                    found.add(ROOT.relativize(doc) + ":" + (i + 1) + ": \"" + matcher.group() + "\" in: " + lines.get(i).strip());
                }
            }
        }
        assertThat(found).as("the repository must stand on its own; say what is meant instead").isEmpty();
    }

    @Test
    @DisplayName("the link finder sees inline links, images and references, and skips code and web addresses")
    void linkFinder() {
        String text = """
                See [design](docs/design.md#guarantees), ![a picture](docs/a.png "title") and [web](https://example.com).
                [anchor](#here) and `[not a link](in-code.md)`.
                ```
                [not a link either](in-a-block.md)
                ```
                [ref]: ./docs/ref.md
                """;

        assertThat(relativeTargets(text)).containsExactly("docs/design.md#guarantees", "docs/a.png", "./docs/ref.md");
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The link targets that name a file of the repository: no web address, no bare #anchor. */
    static List<String> relativeTargets(String markdown) {
        String prose = INLINE_CODE.matcher(FENCED_CODE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> targets = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE)) {
            Matcher matcher = pattern.matcher(prose);
            while (matcher.find()) {
                String target = matcher.group(1);
                if (!target.isEmpty() && !target.startsWith("#") && !SCHEME.matcher(target).find()) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }
}
