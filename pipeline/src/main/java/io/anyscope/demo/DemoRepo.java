package io.anyscope.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One generated sample repository.
 *
 * @param name        the repository's name, also its directory name under the demo directory
 * @param team        the owning team, as written to {@code repos.csv}
 * @param path        the repository's working directory (a non-bare git repository, {@code main} checked out)
 * @param description one sentence on what the repository is and where its migration stands
 */
public record DemoRepo(String name, String team, Path path, String description) {
    public DemoRepo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(description, "description");
    }
}
