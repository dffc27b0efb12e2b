package io.anyscope.cli;

import io.anyscope.git.Redactor;
import io.anyscope.pipeline.ScanOptions;
import org.apache.beam.model.jobmanagement.v1.JobApi.PipelineOptionDescriptor;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code scan} that anyscope passes to Beam ({@code --runner=...}, {@code --targetParallelism=N}),
 * checked before a run as a usage error in the command's words: an option neither anyscope nor Beam knows (with the
 * close name of either), or a value of the wrong type, instead of Beam's exception at run time.
 */
final class BeamArgs {
    private BeamArgs() {
    }

    /** The usage error of {@code args} (each {@code --name=value} or {@code --name}), or null when Beam takes them. */
    static String check(List<String> args, CommandSpec command) {
        if (args.isEmpty()) {
            return null;
        }
        Set<Class<? extends PipelineOptions>> ifaces = new HashSet<>(PipelineOptionsFactory.getRegisteredOptions());
        ifaces.add(ScanOptions.class);
        Map<String, PipelineOptionDescriptor> beam = new LinkedHashMap<>();
        for (PipelineOptionDescriptor d : PipelineOptionsFactory.describe(ifaces)) {
            beam.put(d.getName(), d); // snake_case, as portable runners name them; the command line takes camelCase
        }
        Set<String> names = new java.util.TreeSet<>();
        for (Class<? extends PipelineOptions> i : ifaces) {
            for (java.lang.reflect.Method m : i.getMethods()) {
                String n = m.getName();
                int from = n.startsWith("get") ? 3 : n.startsWith("is") ? 2 : -1;
                if (from > 0 && n.length() > from && m.getParameterCount() == 0
                        && beam.containsKey(snake(Character.toLowerCase(n.charAt(from)) + n.substring(from + 1)))) {
                    names.add(Character.toLowerCase(n.charAt(from)) + n.substring(from + 1));
                }
            }
        }
        for (String a : args) {
            String name = a.substring(2).contains("=") ? a.substring(2, a.indexOf('=')) : a.substring(2);
            if (!names.contains(name)) {
                List<String> known = new ArrayList<>(UsageErrors.optionNames(command));
                names.forEach(n -> known.add("--" + n));
                return UsageErrors.unknownOption("--" + name, known, command);
            }
        }
        for (String a : args) {
            try {
                PipelineOptionsFactory.fromArgs(a).as(ScanOptions.class);
            } catch (IllegalArgumentException e) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                String value = eq < 0 ? "" : a.substring(eq + 1);
                return "invalid value for option '" + name + "': '" + Redactor.redact(value) + "'"
                        + expected(beam.get(snake(name.substring(2))));
            }
        }
        return null;
    }

    /** {@code targetParallelism} as Beam describes it: {@code target_parallelism}. */
    private static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String expected(PipelineOptionDescriptor d) {
        return switch (d.getType()) {
            case INTEGER -> " is not a whole number";
            case NUMBER -> " is not a number";
            case BOOLEAN -> " is not true or false";
            case ARRAY -> " is not a comma-separated list";
            default -> " is not a valid " + d.getName() + " (" + d.getDescription() + ")";
        };
    }
}
