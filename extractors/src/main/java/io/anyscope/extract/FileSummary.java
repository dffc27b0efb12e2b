package io.anyscope.extract;

/**
 * The per-file row: one for every file handed to the extractor, whether or not it was parsed.
 *
 * @param path          repository-relative path
 * @param fileType      the parser that read the file ({@code python}, {@code setup_py}, {@code pyproject}, ...)
 * @param bytes         size in bytes
 * @param lines         number of lines (Python tokenizer rules)
 * @param encoding      the charset the text was decoded with ({@code utf-8}, or a PEP 263 cookie's)
 * @param decodeError   some bytes could not be decoded and were replaced
 * @param prefiltered   true when the byte prefilter found no tracked library name and the file was not parsed
 * @param parseErrors   ERROR and MISSING nodes in the tree (null when not parsed)
 * @param asyncDefs     {@code async def} count (null when not parsed)
 * @param awaits        {@code await} expression count (null when not parsed)
 * @param asyncWiths    {@code async with} count (null when not parsed)
 * @param asyncFors     {@code async for} count, comprehensions included (null when not parsed)
 * @param usages        number of usage facts
 * @param configFacts   number of config facts
 */
public record FileSummary(
        String path,
        String fileType,
        long bytes,
        int lines,
        String encoding,
        boolean decodeError,
        boolean prefiltered,
        Integer parseErrors,
        Integer asyncDefs,
        Integer awaits,
        Integer asyncWiths,
        Integer asyncFors,
        int usages,
        int configFacts) {
}
