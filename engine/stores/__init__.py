"""Store-level commands: the shared-folder worker, the legacy .accdb import and the store benchmark."""
