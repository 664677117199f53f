"""The PostgreSQL job worker: several processes share one drop folder through the job table."""
