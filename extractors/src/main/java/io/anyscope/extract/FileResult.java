package io.anyscope.extract;

import java.util.List;

/**
 * Everything extracted from one file.
 *
 * @param problems human-readable messages about parts of the file that could not be read (invalid TOML, a
 *                 non-literal install_requires, ...); the facts that could be read are still there
 */
public record FileResult(FileSummary summary, List<Usage> usages, List<ConfigFact> configFacts,
                         List<String> problems) {
    public FileResult(FileSummary summary, List<Usage> usages, List<ConfigFact> configFacts) {
        this(summary, usages, configFacts, List.of());
    }
}
