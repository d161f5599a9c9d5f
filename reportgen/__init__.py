"""reportgen turns articles into briefs: a printable PDF and an editable Word document.

    >>> import reportgen
    >>> brief = reportgen.read("sources/arctic-shipping-corridor.txt")
    >>> reportgen.render(brief, "pdf", "out/arctic-shipping-corridor.pdf")
"""

from .errors import ReportgenError, SourceError, UsageError
from .model import (
    Brief,
    Code,
    Digest,
    Emph,
    GlossaryEntry,
    Item,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Quote,
    Section,
    Source,
    Strong,
    Table,
    Text,
    from_json,
    to_json,
)

__version__ = "0.1.0"


def __getattr__(name: str):
    """``read`` and ``render`` import the readers and renderers only when first used,
    so ``reportgen --help`` starts fast."""
    if name in ("read", "read_digest", "render"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")

__all__ = [
    "Brief",
    "Code",
    "Digest",
    "Emph",
    "GlossaryEntry",
    "Item",
    "Link",
    "ListBlock",
    "Meta",
    "Paragraph",
    "Quote",
    "ReportgenError",
    "Section",
    "Source",
    "SourceError",
    "Strong",
    "Table",
    "Text",
    "UsageError",
    "__version__",
    "from_json",
    "read",
    "read_digest",
    "render",
    "to_json",
]
