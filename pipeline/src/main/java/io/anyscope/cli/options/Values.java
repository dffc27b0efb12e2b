package io.anyscope.cli.options;

import io.anyscope.catalog.Catalog;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Option values checked as they are parsed: a bad one is a usage error naming the option and what it takes. */
public final class Values {
    private Values() {
    }

    /** {@code --since}, {@code --until}: a day as yyyy-mm-dd, kept as the text given. */
    public static final class IsoDate implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                LocalDate.parse(value);
                return value;
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a date (expected yyyy-mm-dd, e.g. 2026-01-31)");
            }
        }
    }

    /** {@code --since} as a date. */
    public static final class IsoLocalDate implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            return LocalDate.parse(new IsoDate().convert(value));
        }
    }

    /** {@code --compat-module MODULE=LIBRARY}: a dotted module name and a library the catalog tracks. */
    public static final class CompatModule implements CommandLine.ITypeConverter<String> {
        private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

        @Override
        public String convert(String value) {
            int eq = value.indexOf('=');
            String module = eq < 0 ? value : value.substring(0, eq).strip();
            String library = eq < 0 ? "" : value.substring(eq + 1).strip();
            if (eq < 0 || !MODULE.matcher(module).matches()) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not MODULE=LIBRARY (e.g. rollouts.aio=anyio)");
            }
            Catalog catalog = Catalog.loadDefault();
            if (!catalog.libraries().containsKey(library)) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + (library.isEmpty() ? "no library"
                        : library + " is not a tracked library") + " (one of "
                        + String.join(", ", catalog.libraries().keySet()) + ")");
            }
            return module + "=" + library;
        }
    }

    /** An output directory: a path that is not an existing file (it is created when missing). */
    public static final class OutputDirectory implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new CommandLine.TypeConversionException(value + " is a file, not a directory");
            }
            return p;
        }
    }
}
