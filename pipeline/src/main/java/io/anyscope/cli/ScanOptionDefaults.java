package io.anyscope.cli;

import io.anyscope.pipeline.ScanOptions;
import picocli.CommandLine;

import java.lang.reflect.Method;
import java.util.Locale;

/**
 * The defaults of the options that set a {@link ScanOptions} property: an option on a method {@code setX(...)} takes
 * the default that {@code ScanOptions.getX} declares, so each default is written once (shown by
 * {@code ${DEFAULT-VALUE}} in the help; an enum as the command line takes it, in lower case).
 */
public final class ScanOptionDefaults implements CommandLine.IDefaultValueProvider {
    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg.userObject() instanceof Method m) || !m.getName().startsWith("set")) {
            return null;
        }
        Object v = ScanOptions.declaredDefault(m.getName().substring(3));
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return v == null ? null : String.valueOf(v);
    }
}
