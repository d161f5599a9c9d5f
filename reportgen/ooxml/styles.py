"""The paragraph, character and table styles a Word brief is built from.

This list is a contract with editors and with reference documents: a brief
uses these names and no direct formatting where a style can say it, so an
editor restyles a whole brief by changing one style, and a reference document
(``--reference-docx``) restyles it by defining them. The Word reader reads
an edited brief back by the same names. Word matches style names without
regard to case; so do we.
"""

from __future__ import annotations

from enum import StrEnum


class Style(StrEnum):
    # the article
    TITLE = "Title"
    SUBTITLE = "Subtitle"
    HEADING_1 = "Heading 1"
    HEADING_2 = "Heading 2"
    HEADING_3 = "Heading 3"
    BODY = "Body Text"
    LIST_TITLE = "List Title"
    LIST_BULLET = "List Bullet"
    LIST_NUMBER = "List Number"
    CAPTION = "Caption"
    FIGURE = "Figure"  # the paragraph a picture stands in
    CREDIT = "Credit"  # a picture's credit, under its caption
    QUOTE = "Quote"
    QUOTE_ATTRIBUTION = "Quote Attribution"
    TABLE_HEADING = "Table Heading"
    TABLE_TEXT = "Table Text"
    KEY_POINTS_TITLE = "Key Points Title"
    KEY_POINTS = "Key Points"
    # what the brief adds around the article
    MASTHEAD = "Masthead"
    SOURCE_LINE = "Source Line"
    MEMO_FIELD = "Memo Field"
    COLOPHON = "Colophon"
    HEADER = "Header"
    FOOTER = "Footer"
    # a digest's contents (Word's own names: its TOC field fills these)
    TOC_HEADING = "TOC Heading"
    TOC_1 = "toc 1"
    TOC_2 = "toc 2"
    # character and table styles
    HYPERLINK = "Hyperlink"
    TABLE = "Brief Table"


HEADINGS = (Style.HEADING_1, Style.HEADING_2, Style.HEADING_3)

# Paragraphs the brief prints around the article, made from the brief's metadata
# and the template; reading a brief back leaves them out (the metadata travels in
# the document properties, see ``properties``).
FURNITURE = frozenset({Style.MASTHEAD, Style.SOURCE_LINE, Style.MEMO_FIELD, Style.COLOPHON,
                       Style.KEY_POINTS_TITLE, Style.HEADER, Style.FOOTER,
                       Style.TOC_HEADING, Style.TOC_1, Style.TOC_2})

# Styles of our own, each based on Normal, beyond the ones Word has built in.
CUSTOM = (Style.MASTHEAD, Style.SOURCE_LINE, Style.KEY_POINTS_TITLE, Style.KEY_POINTS, Style.QUOTE_ATTRIBUTION,
          Style.COLOPHON, Style.MEMO_FIELD, Style.TABLE_HEADING, Style.TABLE_TEXT, Style.LIST_TITLE,
          Style.FIGURE, Style.CREDIT)
