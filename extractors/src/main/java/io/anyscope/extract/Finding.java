package io.anyscope.extract;

/**
 * One migration mistake found in a file by a rule of {@code src/catalog/rules/mistakes.yaml}
 * ({@link RuleEngine}). Positions as in {@link Usage}: 1-based lines as Python's tokenizer counts them, 1-based
 * columns in characters; configuration findings have the column 1 and the fact's line (0 when the format does not
 * tell).
 *
 * @param ruleId     the rule's id ({@code await-start-soon})
 * @param severity   {@code error}, {@code warning} or {@code info}
 * @param sourceLine the source line, trimmed, at most {@link Usage#MAX_SOURCE_LINE} characters
 * @param message    what is wrong here
 * @param fix        what to do instead
 * @param anyio      the AnyIO versions it applies to ({@code >=4.0}; {@code ""}: any): the SQL views keep it at a
 *                   snapshot only when the repository's declared AnyIO requirement allows such a version
 * @param requires   conditions on the repository's configuration facts at the snapshot
 *                   ({@link io.anyscope.catalog.MistakeRule.Repository#encode()}; {@code ""}: none)
 */
public record Finding(String ruleId, String severity, int line, int column, int endLine, int endColumn,
                      String sourceLine, String message, String fix, String anyio, String requires) {
}
