package io.anyscope.extract;

import java.util.List;

/** Everything extracted from one file. */
public record FileResult(FileSummary summary, List<Usage> usages, List<ConfigFact> configFacts) {
}
