"""The editable Word brief: named styles, real numbering, built as a tree."""

from .renderer import DocxRenderer

__all__ = ["DocxRenderer"]
