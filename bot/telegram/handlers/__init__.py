"""Handlers per feature; each module's `handlers()` lists what it registers."""
