"""The settings dialog for `data/StateTraceSettings.json` (ParserSettings)."""
