"""The printable PDF brief: reportlab platypus, with our fonts and flowables."""

from .renderer import PDFRenderer

__all__ = ["PDFRenderer"]
