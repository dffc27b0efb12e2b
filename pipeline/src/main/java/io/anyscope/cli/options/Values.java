package io.anyscope.cli.options;

import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

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
