"""The concurrent ingestion runtime: the fair scheduler (pure Python) and the QtCore writer pool."""
