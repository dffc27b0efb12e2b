-- Hand-made anyscope data set for the analytics tests. {{DIR}} is replaced by the generation directory.
-- Two ok repositories (alpha: 6 weeks, beta: 4 weeks) and one failed repository (gamma, no snapshots).
-- Every number the tests assert is computed by hand from these rows (see AnalyticsFixture.java).
SET TimeZone = 'UTC';

CREATE TEMP TABLE fx_repos AS SELECT * FROM (VALUES
  ('aaaa000000000001', 'alpha', 'platform', 'file:///repos/alpha', 'main', 'ca07', 'ok', NULL),
  ('bbbb000000000002', 'beta',  'data',     'file:///repos/beta',  'main', 'cb07', 'ok', NULL),
  ('cccc000000000003', 'gamma', 'data',     'file:///repos/gamma', NULL,   NULL,   'failed', 'not a git repository')
) t(repo_id, name, team, url, default_branch, head_commit, status, error);

-- (repo, label, kind, period_start, commit, author, author_time, is_head, repeated)
CREATE TEMP TABLE fx_snapshots AS SELECT * FROM (VALUES
  ('aaaa000000000001', '2026-W02', 'week', DATE '2026-01-05', 'ca02', 'Ann Alpha', TIMESTAMP '2026-01-09 10:00:00', false, false),
  ('aaaa000000000001', '2026-W03', 'week', DATE '2026-01-12', 'ca02', 'Ann Alpha', TIMESTAMP '2026-01-09 10:00:00', false, true),
  ('aaaa000000000001', '2026-W04', 'week', DATE '2026-01-19', 'ca04', 'Ann Alpha', TIMESTAMP '2026-01-22 11:00:00', false, false),
  ('aaaa000000000001', '2026-W05', 'week', DATE '2026-01-26', 'ca05', 'Dana Dev',  TIMESTAMP '2026-01-29 15:30:00', false, false),
  ('aaaa000000000001', '2026-W06', 'week', DATE '2026-02-02', 'ca06', 'Ann Alpha', TIMESTAMP '2026-02-05 09:00:00', false, false),
  ('aaaa000000000001', '2026-W07', 'week', DATE '2026-02-09', 'ca07', 'Ann Alpha', TIMESTAMP '2026-02-12 16:45:00', true,  false),
  ('aaaa000000000001', 'head',     'head', NULL,              'ca07', 'Ann Alpha', TIMESTAMP '2026-02-12 16:45:00', true,  false),
  ('bbbb000000000002', '2026-W04', 'week', DATE '2026-01-19', 'cb04', 'Bo Beta',   TIMESTAMP '2026-01-20 08:00:00', false, false),
  ('bbbb000000000002', '2026-W05', 'week', DATE '2026-01-26', 'cb04', 'Bo Beta',   TIMESTAMP '2026-01-20 08:00:00', false, true),
  ('bbbb000000000002', '2026-W06', 'week', DATE '2026-02-02', 'cb06', 'Bo Beta',   TIMESTAMP '2026-02-03 12:00:00', false, false),
  ('bbbb000000000002', '2026-W07', 'week', DATE '2026-02-09', 'cb07', 'Cy Coder',  TIMESTAMP '2026-02-10 13:00:00', true,  false),
  ('bbbb000000000002', 'head',     'head', NULL,              'cb07', 'Cy Coder',  TIMESTAMP '2026-02-10 13:00:00', true,  false)
) t(repo_id, label, kind, period_start, commit_id, author, author_time, is_head, repeated);

-- (repo, commit, path, blob, parser)
CREATE TEMP TABLE fx_files AS SELECT * FROM (VALUES
  ('aaaa000000000001', 'ca02', 'app/server.py',  'a1', 'python'),
  ('aaaa000000000001', 'ca02', 'app/util.py',    'u1', 'python'),
  ('aaaa000000000001', 'ca02', 'pyproject.toml', 'p1', 'pyproject'),
  ('aaaa000000000001', 'ca04', 'app/server.py',  'a2', 'python'),
  ('aaaa000000000001', 'ca04', 'app/util.py',    'u1', 'python'),
  ('aaaa000000000001', 'ca04', 'pyproject.toml', 'p1', 'pyproject'),
  ('aaaa000000000001', 'ca05', 'app/server.py',  'a3', 'python'),
  ('aaaa000000000001', 'ca05', 'app/util.py',    'u1', 'python'),
  ('aaaa000000000001', 'ca05', 'pyproject.toml', 'p1', 'pyproject'),
  ('aaaa000000000001', 'ca05', 'app/notes.py',   'n1', 'python'),
  ('aaaa000000000001', 'ca06', 'app/server.py',  'a3', 'python'),
  ('aaaa000000000001', 'ca06', 'app/util.py',    'u1', 'python'),
  ('aaaa000000000001', 'ca06', 'app/compat.py',  'c1', 'python'),
  ('aaaa000000000001', 'ca06', 'pyproject.toml', 'p1', 'pyproject'),
  ('aaaa000000000001', 'ca07', 'app/server.py',  'a3', 'python'),
  ('aaaa000000000001', 'ca07', 'app/util.py',    'u2', 'python'),
  ('aaaa000000000001', 'ca07', 'app/compat.py',  'c1', 'python'),
  ('aaaa000000000001', 'ca07', 'pyproject.toml', 'p1', 'pyproject'),
  ('bbbb000000000002', 'cb04', 'svc/main.py',      'b1', 'python'),
  ('bbbb000000000002', 'cb04', 'requirements.txt', 'r1', 'requirements'),
  ('bbbb000000000002', 'cb06', 'svc/main.py',      'b2', 'python'),
  ('bbbb000000000002', 'cb06', 'requirements.txt', 'r1', 'requirements'),
  ('bbbb000000000002', 'cb07', 'svc/main.py',      'b2', 'python'),
  ('bbbb000000000002', 'cb07', 'requirements.txt', 'r1', 'requirements')
) t(repo_id, commit_id, path, blob_id, parser);

-- The first-parent history behind the snapshots, one row per changed tracked path (commit_time = author_time + 5 min,
-- as for snapshots). alpha: ca01 (root) and ca02 are W02; ca04 W04; in W05 Eve Early's ca05a brings server.py's new
-- create_task and Dana Dev's ca05 (the week's snapshot) only adds app/notes.py; ca06 adds compat.py and deletes
-- notes.py; W07 edits util.py twice (ca07a's blob u1x is in no snapshot). beta: cb07 changed no tracked file.
-- (repo, commit, parent, seq, author, author_time, path, change, old blob, new blob, parser)
CREATE TEMP TABLE fx_changes AS SELECT * FROM (VALUES
  ('aaaa000000000001', 'ca01',  NULL,    0, 'Ann Alpha', TIMESTAMP '2026-01-06 09:00:00', 'app/server.py',  'add',    NULL,  'a1',  'python'),
  ('aaaa000000000001', 'ca01',  NULL,    0, 'Ann Alpha', TIMESTAMP '2026-01-06 09:00:00', 'app/util.py',    'add',    NULL,  'u1',  'python'),
  ('aaaa000000000001', 'ca02',  'ca01',  1, 'Ann Alpha', TIMESTAMP '2026-01-09 10:00:00', 'pyproject.toml', 'add',    NULL,  'p1',  'pyproject'),
  ('aaaa000000000001', 'ca04',  'ca02',  2, 'Ann Alpha', TIMESTAMP '2026-01-22 11:00:00', 'app/server.py',  'modify', 'a1',  'a2',  'python'),
  ('aaaa000000000001', 'ca05a', 'ca04',  3, 'Eve Early', TIMESTAMP '2026-01-27 14:00:00', 'app/server.py',  'modify', 'a2',  'a3',  'python'),
  ('aaaa000000000001', 'ca05',  'ca05a', 4, 'Dana Dev',  TIMESTAMP '2026-01-29 15:30:00', 'app/notes.py',   'add',    NULL,  'n1',  'python'),
  ('aaaa000000000001', 'ca06',  'ca05',  5, 'Ann Alpha', TIMESTAMP '2026-02-05 09:00:00', 'app/compat.py',  'add',    NULL,  'c1',  'python'),
  ('aaaa000000000001', 'ca06',  'ca05',  5, 'Ann Alpha', TIMESTAMP '2026-02-05 09:00:00', 'app/notes.py',   'delete', 'n1',  NULL,  'python'),
  ('aaaa000000000001', 'ca07a', 'ca06',  6, 'Ann Alpha', TIMESTAMP '2026-02-10 10:00:00', 'app/util.py',    'modify', 'u1',  'u1x', 'python'),
  ('aaaa000000000001', 'ca07',  'ca07a', 7, 'Ann Alpha', TIMESTAMP '2026-02-12 16:45:00', 'app/util.py',    'modify', 'u1x', 'u2',  'python'),
  ('bbbb000000000002', 'cb04',  NULL,    0, 'Bo Beta',   TIMESTAMP '2026-01-20 08:00:00', 'svc/main.py',      'add',    NULL, 'b1', 'python'),
  ('bbbb000000000002', 'cb04',  NULL,    0, 'Bo Beta',   TIMESTAMP '2026-01-20 08:00:00', 'requirements.txt', 'add',    NULL, 'r1', 'requirements'),
  ('bbbb000000000002', 'cb06',  'cb04',  1, 'Bo Beta',   TIMESTAMP '2026-02-03 12:00:00', 'svc/main.py',      'modify', 'b1', 'b2', 'python')
) t(repo_id, commit_id, parent_id, seq, author, author_time, path, change, old_blob_id, new_blob_id, parser);

-- (blob, line, kind, context, library, symbol, scope, source_line, category, anyio_equivalent, effort, risk)
CREATE TEMP TABLE fx_usages AS SELECT * FROM (VALUES
  -- app/server.py, first version: 1 import + 4 legacy references
  ('a1',  1, 'import', 'other', 'asyncio', 'asyncio',                '',               'import asyncio',                           'module',          'anyio',                  'mechanical', 'low'),
  ('a1',  5, 'call',   'await', 'asyncio', 'asyncio.sleep',          'Server.tick',    '    await asyncio.sleep(1)',               'sleep',           'anyio.sleep',            'mechanical', 'low'),
  ('a1',  8, 'call',   'other', 'asyncio', 'asyncio.create_task',    'Server.start',   '        asyncio.create_task(self.loop())', 'task_spawning',  'anyio.create_task_group', 'structural', 'high'),
  ('a1', 12, 'call',   'await', 'asyncio', 'asyncio.gather',         'Server.start',   '        await asyncio.gather(*jobs)',      'gathering',      'anyio.create_task_group', 'structural', 'medium'),
  ('a1', 20, 'call',   'other', 'asyncio', 'asyncio.get_event_loop', 'Server.stop',    '        loop = asyncio.get_event_loop()',  'event_loop',     NULL,                      'manual',     'high'),
  -- second version: sleep migrated to anyio, everything below shifted one line down
  ('a2',  1, 'import', 'other', 'asyncio', 'asyncio',                '',               'import asyncio',                           'module',          'anyio',                  'mechanical', 'low'),
  ('a2',  2, 'import', 'other', 'anyio',   'anyio',                  '',               'import anyio',                             'anyio_target',    NULL,                     'none',       'none'),
  ('a2',  6, 'call',   'await', 'anyio',   'anyio.sleep',            'Server.tick',    '    await anyio.sleep(1)',                 'anyio_target',    NULL,                     'none',       'none'),
  ('a2',  9, 'call',   'other', 'asyncio', 'asyncio.create_task',    'Server.start',   '        asyncio.create_task(self.loop())', 'task_spawning',  'anyio.create_task_group', 'structural', 'high'),
  ('a2', 13, 'call',   'await', 'asyncio', 'asyncio.gather',         'Server.start',   '        await asyncio.gather(*jobs)',      'gathering',      'anyio.create_task_group', 'structural', 'medium'),
  ('a2', 21, 'call',   'other', 'asyncio', 'asyncio.get_event_loop', 'Server.stop',    '        loop = asyncio.get_event_loop()',  'event_loop',     NULL,                      'manual',     'high'),
  -- third version: gather migrated to a task group; a NEW create_task call appears (the regression)
  ('a3',  1, 'import', 'other', 'asyncio', 'asyncio',                '',               'import asyncio',                           'module',          'anyio',                  'mechanical', 'low'),
  ('a3',  2, 'import', 'other', 'anyio',   'anyio',                  '',               'import anyio',                             'anyio_target',    NULL,                     'none',       'none'),
  ('a3',  6, 'call',   'await', 'anyio',   'anyio.sleep',            'Server.tick',    '    await anyio.sleep(1)',                 'anyio_target',    NULL,                     'none',       'none'),
  ('a3',  9, 'call',   'other', 'asyncio', 'asyncio.create_task',    'Server.start',   '        asyncio.create_task(self.loop())', 'task_spawning',  'anyio.create_task_group', 'structural', 'high'),
  ('a3', 13, 'call', 'async_with', 'anyio', 'anyio.create_task_group', 'Server.start', '        async with anyio.create_task_group() as tg:', 'anyio_target', NULL,             'none',       'none'),
  ('a3', 21, 'call',   'other', 'asyncio', 'asyncio.get_event_loop', 'Server.stop',    '        loop = asyncio.get_event_loop()',  'event_loop',     NULL,                      'manual',     'high'),
  ('a3', 30, 'call',   'other', 'asyncio', 'asyncio.create_task',    'Server.restart', '        asyncio.create_task(self.restart_loop())', 'task_spawning', 'anyio.create_task_group', 'structural', 'high'),
  -- app/util.py
  ('u1',  1, 'import', 'other', 'trio',    'trio',                   '',               'import trio',                              'module',          'anyio',                  'mechanical', 'low'),
  ('u1',  4, 'call',   'other', 'trio',    'trio.lowlevel.current_task', 'helper',     '    task = trio.lowlevel.current_task()',  'low_level',      NULL,                      'blocker',    'critical'),
  ('u1',  7, 'call',   'await', 'trio',    'trio.sleep',             'helper',         '    await trio.sleep(0)',                  'sleep',           'anyio.sleep',            'mechanical', 'low'),
  ('u2',  1, 'import', 'other', 'trio',    'trio',                   '',               'import trio',                              'module',          'anyio',                  'mechanical', 'low'),
  ('u2',  2, 'import', 'other', 'anyio',   'anyio',                  '',               'import anyio',                             'anyio_target',    NULL,                     'none',       'none'),
  ('u2',  4, 'call',   'other', 'trio',    'trio.lowlevel.current_task', 'helper',     '    task = trio.lowlevel.current_task()',  'low_level',      NULL,                      'blocker',    'critical'),
  ('u2',  7, 'call',   'await', 'anyio',   'anyio.sleep',            'helper',         '    await anyio.sleep(0)',                 'anyio_target',    NULL,                     'none',       'none'),
  -- app/compat.py: bridge library only (neutral)
  ('c1',  1, 'import', 'other', 'sniffio', 'sniffio',                '',               'import sniffio',                           'introspection',   NULL,                     'none',       'none'),
  ('c1',  3, 'call',   'other', 'sniffio', 'sniffio.current_async_library', 'backend', '    return sniffio.current_async_library()', 'introspection', NULL,                  'none',       'none'),
  -- svc/main.py (beta)
  ('b1',  1, 'import', 'other', 'asyncio', 'asyncio',                '',               'import asyncio',                           'module',          'anyio',                  'mechanical', 'low'),
  ('b1',  3, 'call',   'other', 'asyncio', 'asyncio.run',            '',               'asyncio.run(main())',                      'entry_points',    'anyio.run',              'mechanical', 'medium'),
  ('b1',  5, 'call',   'other', 'asyncio', 'asyncio.Queue',          'worker',         '    q = asyncio.Queue()',                  'queues_streams',  'anyio.create_memory_object_stream', 'structural', 'medium'),
  ('b1',  9, 'call',   'await', 'asyncio', 'asyncio.wait_for',       'worker',         '    await asyncio.wait_for(q.get(), 5)',   'timeouts',        'anyio.fail_after',       'mechanical', 'medium'),
  ('b1', 12, 'import', 'other', 'trio_asyncio', 'trio_asyncio',         '',        'import trio_asyncio',                       'module',          NULL,                     'blocker',    'high'),
  ('b1', 13, 'call',   'other', 'trio_asyncio', 'trio_asyncio.open_loop', '',        'trio_asyncio.open_loop()',                  'third_party_blocker', NULL,                 'blocker',    'high'),
  ('b2',  1, 'import', 'other', 'asyncio', 'asyncio',                '',               'import asyncio',                           'module',          'anyio',                  'mechanical', 'low'),
  ('b2',  2, 'import', 'other', 'anyio',   'anyio',                  '',               'import anyio',                             'anyio_target',    NULL,                     'none',       'none'),
  ('b2',  4, 'call',   'other', 'anyio',   'anyio.run',              '',               'anyio.run(main)',                          'anyio_target',    NULL,                     'none',       'none'),
  ('b2',  6, 'call',   'other', 'asyncio', 'asyncio.Queue',          'worker',         '    q = asyncio.Queue()',                  'queues_streams',  'anyio.create_memory_object_stream', 'structural', 'medium'),
  ('b2', 10, 'call', 'with',  'anyio',     'anyio.fail_after',       'worker',         '    with anyio.fail_after(5):',            'anyio_target',    NULL,                     'none',       'none'),
  ('b2', 13, 'import', 'other', 'trio_asyncio', 'trio_asyncio',         '',        'import trio_asyncio',                       'module',          NULL,                     'blocker',    'high'),
  ('b2', 14, 'call',   'other', 'trio_asyncio', 'trio_asyncio.open_loop', '',        'trio_asyncio.open_loop()',                  'third_party_blocker', NULL,                 'blocker',    'high')
) t(blob_id, line, kind, context, library, symbol, scope, source_line, category, anyio_equivalent, effort, risk);

-- (blob, kind, name, value, section, line)
CREATE TEMP TABLE fx_config AS SELECT * FROM (VALUES
  ('p1', 'dependency', 'nest-asyncio', '>=1.5',  'project.dependencies', 5),
  ('p1', 'dependency', 'anyio',        '>=4',    'project.dependencies', 6),
  ('p1', 'dependency', 'Trio',         '>=0.22', 'project.dependencies', 7),
  ('p1', 'pytest_setting', 'asyncio_mode', 'auto', 'tool.pytest.ini_options', 12),
  ('r1', 'dependency', 'trio-asyncio', '>=0.14', 'requirements', 3)
) t(blob_id, kind, name, value, section, line);

COPY (SELECT CAST(repo_id AS VARCHAR) AS repo_id, CAST(name AS VARCHAR) AS name, CAST(team AS VARCHAR) AS team, CAST(url AS VARCHAR) AS url,
             CAST(default_branch AS VARCHAR) AS default_branch, CAST(head_commit AS VARCHAR) AS head_commit, CAST(status AS VARCHAR) AS status,
             CAST(error AS VARCHAR) AS error, TIMESTAMPTZ '2026-02-16 06:00:00+00' AS scanned_at
      FROM fx_repos) TO '{{DIR}}/repos/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST(repo_id AS VARCHAR) AS repo_id, CAST(label AS VARCHAR) AS label, CAST(kind AS VARCHAR) AS kind,
             CAST(period_start AS DATE) AS period_start, CAST(period_start + 6 AS DATE) AS period_end,
             CAST(commit_id AS VARCHAR) AS commit_id,
             CAST(author_time + INTERVAL 5 MINUTE AS TIMESTAMPTZ) AS commit_time, CAST(author_time AS TIMESTAMPTZ) AS author_time,
             CAST(author AS VARCHAR) AS author, CAST(is_head AS BOOLEAN) AS is_head, CAST(repeated AS BOOLEAN) AS repeated
      FROM fx_snapshots) TO '{{DIR}}/snapshots/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST(repo_id AS VARCHAR) AS repo_id, CAST(commit_id AS VARCHAR) AS commit_id, CAST(path AS VARCHAR) AS path,
             CAST(blob_id AS VARCHAR) AS blob_id, CAST(100 + 10 * length(path) AS BIGINT) AS size, CAST(parser AS VARCHAR) AS parser
      FROM fx_files) TO '{{DIR}}/files/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST(repo_id AS VARCHAR) AS repo_id, CAST(commit_id AS VARCHAR) AS commit_id, CAST(parent_id AS VARCHAR) AS parent_id,
             CAST(seq AS INTEGER) AS seq,
             CAST(author_time + INTERVAL 5 MINUTE AS TIMESTAMPTZ) AS commit_time, CAST(author_time AS TIMESTAMPTZ) AS author_time,
             CAST(author AS VARCHAR) AS author, CAST(path AS VARCHAR) AS path, CAST(change AS VARCHAR) AS change,
             CAST(old_blob_id AS VARCHAR) AS old_blob_id, CAST(new_blob_id AS VARCHAR) AS new_blob_id, CAST(parser AS VARCHAR) AS parser
      FROM fx_changes) TO '{{DIR}}/changes/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST(b.blob_id AS VARCHAR) AS blob_id, CAST(b.parser AS VARCHAR) AS parser, CAST('ok' AS VARCHAR) AS status,
             CAST(1000 AS BIGINT) AS bytes, CAST(40 AS INTEGER) AS lines, CAST('utf-8' AS VARCHAR) AS encoding, false AS decode_error,
             CAST(0 AS INTEGER) AS parse_errors,
             CAST(CASE WHEN b.parser = 'python' THEN 2 END AS INTEGER) AS async_defs,
             CAST(CASE WHEN b.parser = 'python' THEN 3 END AS INTEGER) AS awaits,
             CAST(CASE WHEN b.parser = 'python' THEN 0 END AS INTEGER) AS async_withs,
             CAST(CASE WHEN b.parser = 'python' THEN 0 END AS INTEGER) AS async_fors,
             CAST((SELECT count(*) FROM fx_usages u WHERE u.blob_id = b.blob_id) AS INTEGER) AS usages,
             CAST((SELECT count(*) FROM fx_config c WHERE c.blob_id = b.blob_id) AS INTEGER) AS config_facts,
             CAST('2026.11.1' AS VARCHAR) AS catalog_version, CAST(NULL AS VARCHAR) AS error
      FROM (SELECT DISTINCT blob_id, parser FROM fx_files) b) TO '{{DIR}}/blobs/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST(blob_id AS VARCHAR) AS blob_id, CAST(line AS INTEGER) AS line, CAST(1 + length(source_line) - length(ltrim(source_line)) AS INTEGER) AS col,
             CAST(line AS INTEGER) AS end_line, CAST(length(source_line) + 1 AS INTEGER) AS end_col,
             CAST(kind AS VARCHAR) AS kind, CAST(context AS VARCHAR) AS context, CAST(library AS VARCHAR) AS library,
             CAST(symbol AS VARCHAR) AS symbol, CAST(library AS VARCHAR) AS alias, CAST(scope AS VARCHAR) AS scope,
             CAST(kind <> 'import' AS BOOLEAN) AS in_async, false AS derived, CAST(source_line AS VARCHAR) AS source_line,
             CAST(symbol AS VARCHAR) AS rule_id, CAST(category AS VARCHAR) AS category, CAST(anyio_equivalent AS VARCHAR) AS anyio_equivalent,
             CAST(effort AS VARCHAR) AS effort, CAST(risk AS VARCHAR) AS risk
      FROM fx_usages) TO '{{DIR}}/usages/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST(blob_id AS VARCHAR) AS blob_id, CAST(kind AS VARCHAR) AS kind, CAST(name AS VARCHAR) AS name, CAST(value AS VARCHAR) AS value,
             CAST(section AS VARCHAR) AS section, CAST(line AS INTEGER) AS line
      FROM fx_config) TO '{{DIR}}/config_facts/part-0.parquet' (FORMAT parquet);

-- Migration-mistake findings (blob, rule, severity, line, source line): app/server.py's third version (alpha W05,
-- Eve Early's ca05a) awaits start_soon; svc/main.py's second version (beta W06, cb06) catches asyncio.TimeoutError
-- around fail_after.
CREATE TEMP TABLE fx_findings AS SELECT * FROM (VALUES
  ('a3', 'await-start-soon', 'error', 14, '            await tg.start_soon(self.job)'),
  ('b2', 'asyncio-timeout-error-around-fail-after', 'warning', 12, '    except asyncio.TimeoutError:')
) t(blob_id, rule_id, severity, line, source_line);

COPY (SELECT CAST(blob_id AS VARCHAR) AS blob_id, CAST(rule_id AS VARCHAR) AS rule_id, CAST(severity AS VARCHAR) AS severity,
             CAST(line AS INTEGER) AS line, CAST(1 + length(source_line) - length(ltrim(source_line)) AS INTEGER) AS col,
             CAST(line AS INTEGER) AS end_line, CAST(length(source_line) + 1 AS INTEGER) AS end_col,
             CAST(source_line AS VARCHAR) AS source_line, CAST('msg ' || rule_id AS VARCHAR) AS message,
             CAST('fix ' || rule_id AS VARCHAR) AS fix
      FROM fx_findings) TO '{{DIR}}/findings/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST('run-1' AS VARCHAR) AS run_id, CAST('cccc000000000003' AS VARCHAR) AS repo_id, CAST('gamma' AS VARCHAR) AS repo,
             CAST(NULL AS VARCHAR) AS snapshot, CAST(NULL AS VARCHAR) AS path, CAST(NULL AS VARCHAR) AS blob_id,
             CAST('open' AS VARCHAR) AS stage, CAST('missing_repo' AS VARCHAR) AS kind, CAST('not a git repository' AS VARCHAR) AS message,
             TIMESTAMPTZ '2026-02-16 06:00:01+00' "at") TO '{{DIR}}/errors/part-0.parquet' (FORMAT parquet);

COPY (SELECT CAST('run-1' AS VARCHAR) AS run_id, CAST('0.1.0' AS VARCHAR) AS anyscope_version, CAST('2026.11.1' AS VARCHAR) AS catalog_version,
             CAST('scan --out DATA' AS VARCHAR) AS arguments, CAST('direct' AS VARCHAR) AS runner,
             TIMESTAMPTZ '2026-02-16 06:00:00+00' AS started_at, TIMESTAMPTZ '2026-02-16 06:01:00+00' AS finished_at,
             CAST('partial' AS VARCHAR) AS status, CAST(3 AS BIGINT) AS repos, CAST(12 AS BIGINT) AS snapshots, CAST(12 AS BIGINT) AS new_snapshots,
             CAST(24 AS BIGINT) AS files, CAST(11 AS BIGINT) AS distinct_blobs, CAST(11 AS BIGINT) AS parsed_blobs, CAST(0 AS BIGINT) AS prefiltered_blobs,
             CAST(10000 AS BIGINT) AS bytes, CAST(45 AS BIGINT) AS facts, CAST(1 AS BIGINT) errors) TO '{{DIR}}/runs/part-0.parquet' (FORMAT parquet);
