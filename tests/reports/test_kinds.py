"""One spec per report kind: every kind has one, and an unknown kind fails loudly."""

import pytest
from django.template.loader import get_template

from reports.forms import ReportForm
from reports.kinds import KINDS
from reports.models import ReportKind


def test_every_report_kind_has_a_spec_and_its_template():
    assert list(KINDS) == ReportKind.values
    for spec in KINDS.values():
        get_template(spec.template)


def test_an_unknown_kind_is_a_clear_error():
    with pytest.raises(KeyError, match="No report kind 'annual-budget'"):
        KINDS["annual-budget"]


def test_the_form_refuses_an_unknown_kind():
    form = ReportForm({"kind": "annual-budget", "organization": "1"})
    assert not form.is_valid() and "kind" in form.errors
