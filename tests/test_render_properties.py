"""Any brief the model can hold renders to every binary format without an exception."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import briefs

from reportgen import api

FORMATS = [f for f in ("pdf", "docx") if importlib.util.find_spec(f"reportgen.renderers.{f}")]


@pytest.mark.parametrize("fmt", FORMATS)
@given(brief=briefs)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
def test_any_brief_renders(fmt: str, brief) -> None:
    output = api.render(brief, fmt)
    assert output[:4] in (b"%PDF", b"PK\x03\x04")
