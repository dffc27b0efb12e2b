package io.anyscope.extract;

import java.util.List;

/**
 * Everything extracted from one file.
 *
 * @param problems human-readable messages about parts of the file that could not be read (invalid TOML, a
 *                 non-literal install_requires, ...); the facts that could be read are still there
 * @param findings the migration mistakes the rules found ({@link RuleEngine})
 */
public record FileResult(FileSummary summary, List<Usage> usages, List<ConfigFact> configFacts,
                         List<String> problems, List<Finding> findings) {
    public FileResult(FileSummary summary, List<Usage> usages, List<ConfigFact> configFacts, List<String> problems) {
        this(summary, usages, configFacts, problems, List.of());
    }

    public FileResult(FileSummary summary, List<Usage> usages, List<ConfigFact> configFacts) {
        this(summary, usages, configFacts, List.of(), List.of());
    }
}
