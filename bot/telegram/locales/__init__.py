"""Text catalogs, one module per language."""
