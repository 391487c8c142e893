"""Pages of the places: the counter sale (clerks) and the place reports (staff)."""
