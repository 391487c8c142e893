from catalog.models.channel import Channel
from catalog.models.division import Division, DivisionLevel

__all__ = ["Channel", "Division", "DivisionLevel"]
