package io.anyscope.cli;

import io.anyscope.analytics.Notebook;
import io.anyscope.analytics.Warehouse;
import io.anyscope.analytics.WarehouseException;
import io.anyscope.cli.options.DataSetOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code anyscope notebook FILE --data DATA [--out OUT.html]}. */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = "Executes a Markdown notebook (```sql cells) against a data set into one self-contained HTML page.")
public final class NotebookCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Notebook (Markdown with ```sql cells).")
    Path file;

    @Mixin
    DataSetOptions dataSet;

    @Option(names = "--out", paramLabel = "OUT.html", description = "Output page (default: FILE with .html).")
    Path out;

    @Option(names = "--allow-write", paramLabel = "DIR", description = "Lets the notebook's SQL write into DIR "
            + "(COPY ... TO, ATTACH); repeatable. Without it the notebook reads the data set only.")
    List<Path> allowWrite = new ArrayList<>();

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("anyscope notebook: notebook not found: " + file.toAbsolutePath());
            return Main.USAGE;
        }
        Path target = out != null ? out
                : file.resolveSibling(file.getFileName().toString().replaceFirst("\\.md$", "") + ".html");
        try (Warehouse w = dataSet.open(Warehouse.Access.writingTo(allowWrite))) {
            String text = Files.readString(file);
            String title = text.lines().filter(l -> l.startsWith("# ")).map(l -> l.substring(2).strip()).findFirst()
                    .orElse(file.getFileName().toString());
            String html = Notebook.execute(title, text, w);
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            Files.writeString(target, html);
            spec.commandLine().getOut().println(target);
            return Main.OK;
        } catch (Notebook.CellException e) {
            err.println("anyscope notebook: " + file + ": " + e.getMessage());
            return Main.FAILED;
        } catch (WarehouseException e) {
            err.println("anyscope notebook: " + e.getMessage());
            return e.usage() ? Main.USAGE : Main.FAILED;
        } catch (IOException e) {
            err.println("anyscope notebook: " + e.getMessage());
            return Main.FAILED;
        }
    }
}
