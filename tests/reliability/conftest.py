"""Reliability tests: hostile inputs generated here, beside the good transcripts that must always land."""
