"""The exceptions reportgen raises on purpose.

Anything else escaping from a reader or renderer is a bug; the command line
still reports it in one line, and shows the traceback with ``--debug``.
"""


class ReportgenError(Exception):
    """A problem with a source, a template or an option, explained in one line."""


class SourceError(ReportgenError):
    """A source that cannot be read into a brief (empty, binary, malformed)."""


class UsageError(ReportgenError):
    """A mistake on the command line or in an API call: unknown format, missing path."""
