"""Analyst views in the window: find across sites, the device page and timelines, copy and export."""
