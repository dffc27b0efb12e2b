-- Every file has one path class, and it is a class of the rules file (src/catalog/path_classes.yaml): a repository's
-- override naming another class, or a matcher that gives none, fails here.
SELECT f.repo_id, f.commit_id, f.path, f.path_class
FROM mart_files f LEFT JOIN ref_path_classes c USING (path_class)
WHERE c.path_class IS NULL;
