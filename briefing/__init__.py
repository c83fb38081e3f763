"""Content: briefings, their lessons and blocks, the importer and the read-only pages."""
