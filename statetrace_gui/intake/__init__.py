"""What gets ingested: dropped or chosen paths, and the watched incoming folder."""
