"""Raw transcript handling: decoding captures and carving them into per-host command blocks."""
