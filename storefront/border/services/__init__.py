"""Writes of border trade, one module per concern (keyword-only, `<thing>_<action>`)."""
