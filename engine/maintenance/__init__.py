"""Site-database maintenance: backup, compaction, index audit, integrity and size, on demand or nightly.

Qt-free. Each step lives in its own module; `engine.maintenance.runner.run_maintenance` runs them per
site under the site's writer lock, and `engine.maintenance.guard.assert_writable` is the check
ingestion calls before writing into a site database. This package init stays import-light on
purpose, because ingestion imports the guard on its hot path.
"""
