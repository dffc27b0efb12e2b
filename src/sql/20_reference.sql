-- anyscope analytics: reference data. The ref_ tables are built once, when this file is read; marts read staging
-- views and these tables only. Each table states its GRAIN.

CREATE OR REPLACE TABLE ref_library_roles AS    -- grain: one row per tracked library (mirror of catalog.yaml)
SELECT * FROM (VALUES
  ('asyncio',       'legacy',  'asyncio'),
  ('trio',          'legacy',  'trio'),
  ('anyio',         'target',  'anyio'),
  ('sniffio',       'bridge',  'sniffio'),
  ('trio_asyncio',  'blocker', 'trio-asyncio'),
  ('nest_asyncio',  'blocker', 'nest-asyncio'),
  ('uvloop',        'legacy',  'uvloop'),
  ('async_timeout', 'legacy',  'async-timeout'),
  ('aiofiles',      'legacy',  'aiofiles'),
  ('curio',         'legacy',  'curio')
) t(library, role, pypi);

CREATE OR REPLACE TABLE ref_categories AS        -- grain: one row per catalog category (mirror of catalog.yaml)
SELECT * FROM (VALUES
  ('task_spawning', 'Task spawning'), ('gathering', 'Gathering / joining'), ('timeouts', 'Timeouts'),
  ('sleep', 'Sleep / checkpoints'), ('sync_primitives', 'Synchronization primitives'),
  ('queues_streams', 'Queues and streams'), ('thread_bridge', 'Thread bridge'), ('event_loop', 'Event-loop access'),
  ('subprocess', 'Subprocess'), ('futures', 'Futures'), ('cancellation', 'Cancellation'), ('exceptions', 'Exceptions'),
  ('entry_points', 'Entry points'), ('low_level', 'Low-level / internals'), ('networking', 'Networking'),
  ('filesystem', 'Files and paths'), ('signals', 'Signal handling'), ('introspection', 'Introspection / utilities'),
  ('testing', 'Testing'), ('module', 'Module import'), ('third_party_blocker', 'Third-party asyncio-only API'),
  ('anyio_target', 'AnyIO (migration target)'), ('uncatalogued', 'Not in the catalog')
) t(category, label);

CREATE OR REPLACE TABLE ref_effort_tiers AS      -- grain: one row per effort tier, cheapest first
SELECT * FROM (VALUES ('none', 0), ('mechanical', 1), ('structural', 2), ('manual', 3), ('blocker', 4)) t(tier, tier_order);

-- Effort weights (overridable: SET VARIABLE anyscope_effort_weights = 'file.csv', or --weights FILE).
-- Columns: tier, minutes_per_site, minutes_per_file. A tier missing from the file costs 0.
CREATE OR REPLACE TABLE ref_effort_weights AS    -- grain: one row per effort tier
SELECT trim(tier) AS tier, CAST(minutes_per_site AS DOUBLE) AS minutes_per_site,
       CAST(minutes_per_file AS DOUBLE) AS minutes_per_file
FROM read_csv(getvariable('anyscope_effort_weights'), header = true, all_varchar = true);

-- Hotspot weights. Columns: dimension (category | risk), key, weight. Unlisted keys weigh 1.
CREATE OR REPLACE TABLE ref_risk_weights AS      -- grain: one row per (dimension, key)
SELECT trim(dimension) AS dimension, trim("key") AS "key", CAST(weight AS DOUBLE) AS weight
FROM read_csv(getvariable('anyscope_risk_weights'), header = true, all_varchar = true);
