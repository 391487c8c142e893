"""Border trade through Tibet's land ports: border channels per port, listings with customs
facts, FX display, border residents' duty-free quota, and declarations for each order."""
