package dev.lamb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Issue 11 §10: the README links no file outside the repository; each file it links is in it. */
class ReadmeTest {
    /** A Markdown link's target, or a path in code that climbs out of the folder it starts in. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CLIMBING_PATH = Pattern.compile("`(\\.\\./[^`]*)`");

    @Test
    void linksStayInsideTheRepository() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        String readme = Files.readString(root.resolve("README.md"));
        List<String> outside = new ArrayList<>();
        Matcher link = LINK.matcher(readme);
        while (link.find()) {
            String target = link.group(1).replaceFirst("#.*", "");
            if (target.isEmpty() || target.matches("[a-z]+:.*")) {
                continue;  // an anchor in the page, or a web address
            }
            Path file = root.resolve(target).normalize();
            if (!file.startsWith(root) || !Files.exists(file)) {
                outside.add(link.group(1));
            }
        }
        Matcher climbing = CLIMBING_PATH.matcher(readme);
        while (climbing.find()) {
            outside.add(climbing.group(1));
        }
        assertEquals(List.of(), outside, "README.md links files outside the repository, or missing ones");
        assertTrue(readme.contains("lamb"));
    }
}
