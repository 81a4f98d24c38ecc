package care.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README is a front door of at most 250 lines, and every relative link of the README and of {@code docs/}
 * leads to a file of the repository, and to a heading of it where the link names one (as GitHub derives heading
 * anchors), so that a rule's link from the README or from a problem type finds it.
 */
class DocumentationLinksTest {

    static final Path ROOT = LocalPlatform.ROOT;
    static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    static final Pattern IMAGE = Pattern.compile("<img[^>]*\\ssrc=\"([^\"]+)\"");
    static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void theReadmeIsAFrontDoorOfAtMost250Lines() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingOfTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents()) {
            for (String target : links(document)) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: and the like
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path linked = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                if (!linked.startsWith(ROOT) || !Files.exists(linked)) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
                } else if (anchor != null && linked.toString().endsWith(".md") && !anchors(linked).contains(anchor)) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("relative links found").isGreaterThan(100);
        assertThat(broken).as("links that lead nowhere").isEmpty();
    }

    @Test
    void theReadmeLinksEachRuleAClinicMayChangeToItsHeadingInTheClinicalRules() throws IOException {
        List<String> rules = links(ROOT.resolve("README.md")).stream()
                .filter(target -> target.startsWith("docs/clinical-rules.md#")).toList();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(15);
        assertThat(anchors(ROOT.resolve("docs/clinical-rules.md")))
                .containsAll(rules.stream().map(target -> target.substring(target.indexOf('#') + 1)).toList());
    }

    /** The clinical sources are named in docs/clinical-rules.md, not in a document outside the repository. */
    @Test
    void theDocumentationNamesNoSourceDocumentOutsideTheRepository() throws IOException {
        String outside = "DOMAIN" + ".md";
        for (Path document : documents()) {
            assertThat(Files.readString(document)).as(ROOT.relativize(document).toString()).doesNotContain(outside);
        }
    }

    /**
     * The classes the clinical rules name, as the place a rule is held ("code") and checked ("tests"), and the
     * classes the README's rules table names: each is a class of the repository, so a rule is found in one hop.
     */
    @Test
    void everyClassTheRulesNameIsAClassOfTheRepository() throws IOException {
        Set<String> mainClasses = classNames("src/main/java");
        Set<String> testClasses = classNames("src/test/java");
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (String line : Files.readAllLines(ROOT.resolve("docs/clinical-rules.md"))) {
            boolean code = line.startsWith("| code |");
            if (code || line.startsWith("| tests |")) {
                for (String name : classesIn(line.substring(line.indexOf('|', 2)))) {
                    named++;
                    if (!(code ? mainClasses : testClasses).contains(name)) {
                        missing.add("clinical-rules.md " + (code ? "code" : "tests") + ": " + name);
                    }
                }
            }
        }
        boolean table = false;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            table = line.startsWith("## Rules a clinic may change") || (table && !line.startsWith("## "));
            String[] cells = line.split("\\|");
            if (table && cells.length > 4 && !line.startsWith("| Rule")) {
                for (String name : classesIn(cells[3])) {
                    named++;
                    if (!mainClasses.contains(name)) {
                        missing.add("README rules table: " + name);
                    }
                }
            }
        }
        assertThat(named).as("classes named").isGreaterThan(60);
        assertThat(missing).as("names that are no class of the repository").isEmpty();
    }

    /** The class names in code spans of a text: {@code `PacingPolicy`}, {@code `Scoring.compare`} gives Scoring. */
    static List<String> classesIn(String text) {
        List<String> names = new ArrayList<>();
        Matcher span = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:[.$#][A-Za-z0-9_.()]*)?`").matcher(text);
        while (span.find()) {
            names.add(span.group(1));
        }
        return names;
    }

    /** The simple names of the top-level classes under every module's {@code folder}. */
    static Set<String> classNames(String folder) throws IOException {
        Set<String> names = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(path -> path.toString().endsWith(".java") && path.toString().contains("/" + folder + "/")
                    && !path.toString().contains("/target/"))
                    .forEach(path -> names.add(path.getFileName().toString().replace(".java", "")));
        }
        return names;
    }

    @Test
    void headingAnchorsAreDerivedAsGitHubDerivesThem() {
        assertThat(slug("Kafka topics and users (Strimzi)")).isEqualTo("kafka-topics-and-users-strimzi");
        assertThat(slug("Self-harm answer: PHQ-9 item 9")).isEqualTo("self-harm-answer-phq-9-item-9");
        assertThat(slug("Walk-through: reminders and alerts in /dev/messages"))
                .isEqualTo("walk-through-reminders-and-alerts-in-devmessages");
        assertThat(slug("`care.kit` and [links](x.md)")).isEqualTo("carekit-and-links");
    }

    /** README.md and every Markdown file under docs/. */
    static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** The link targets of a Markdown file, outside code blocks and code spans. */
    static List<String> links(Path document) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(document)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = line.replaceAll("`[^`]*`", "");
            for (Pattern pattern : List.of(LINK, IMAGE)) {
                Matcher matcher = pattern.matcher(text);
                while (matcher.find()) {
                    targets.add(matcher.group(1));
                }
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    static Set<String> anchors(Path document) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(document)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String slug = slug(heading.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: the heading's text in lower case, without punctuation, spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd}\\p{Mn}\\p{Pc} -]", "").replace(' ', '-');
    }
}
