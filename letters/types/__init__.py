"""Every letter type, registered in the catalogue on import: `import letters.types`."""

from letters.types import collector, credit, medical, student

__all__ = ["collector", "credit", "medical", "student"]
