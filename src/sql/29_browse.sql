-- anyscope analytics: browse URLs. Every site, file, function, regression and commit links to where its code can be
-- read, pinned to the commit of the snapshot it was seen in. The templates are per repository (repos.browse_url,
-- repos.browse_commit_url, written by the scan: the repository's own browse= / browse_commit=, else derived from its
-- remote by src/catalog/browse_urls.yaml, else file:///WORKTREE/{path} for a local working copy); this file fills
-- them in. A URL is NULL when its repository has no template (e.g. a bare local repository without a known remote).

-- A path as it goes into a URL: percent-encoded (a space is %20), '/' kept.
CREATE OR REPLACE MACRO anyscope_url_path(p) AS replace(url_encode(p), '%2F', '/');

-- A template of a line of a file filled in ({commit}, {path}, {line}); NULL when the template is NULL.
CREATE OR REPLACE MACRO anyscope_browse_line(template, commit_id, path, line) AS
  replace(replace(replace(template, '{commit}', commit_id), '{path}', anyscope_url_path(path)),
          '{line}', CAST(line AS VARCHAR));

-- A commit page; NULL when the repository has no commit template.
CREATE OR REPLACE MACRO anyscope_browse_commit(template, commit_id) AS replace(template, '{commit}', commit_id);

-- remote: what the templates were derived from (redacted); browse_url / browse_commit_url: the templates;
-- head_url: the page of the head commit. Absent from data sets written before these columns (NULL).
CREATE OR REPLACE VIEW mart_repo_browse AS       -- grain: one row per repository (after the repo/team filters)
SELECT m.repo_id, m.repo, m.team, s.remote, s.browse_url, s.browse_commit_url, m.head_commit,
       anyscope_browse_commit(s.browse_commit_url, m.head_commit) AS head_url
FROM mart_repos m JOIN stg_repos s USING (repo_id);

-- Every legacy site of the hotspots (mart_hotspot_sites, at head) with its links: site_url (its line, at the head
-- commit), file_url (the file at line 1), commit_url (the head commit's page).
CREATE OR REPLACE VIEW mart_hotspot_site_links AS -- grain: one row per legacy site per file path at head, as mart_hotspot_sites
SELECT h.*, anyscope_browse_line(b.browse_url, h.commit_id, h.path, h.line) AS site_url,
       anyscope_browse_line(b.browse_url, h.commit_id, h.path, 1) AS file_url,
       anyscope_browse_commit(b.browse_commit_url, h.commit_id) AS commit_url
FROM mart_hotspot_sites h JOIN mart_repo_browse b USING (repo_id);

-- A file at a repository's head, at line 1 (the file links of the hotspot, scope and checklist reports).
CREATE OR REPLACE MACRO anyscope_head_file_url(rid, p) AS
  (SELECT anyscope_browse_line(b.browse_url, b.head_commit, p, 1) FROM mart_repo_browse b WHERE b.repo_id = rid);
