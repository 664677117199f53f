"""`statetrace-cli doctor`: what this installation can use (stores, drivers, keyring, TLS, folders)."""
