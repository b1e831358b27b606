"""The public surface: the top level's few names, the model's vocabulary, documentation, the top-level
functions as the bundled rulebook's methods, the typing marker and the Hypothesis plugin."""

from __future__ import annotations

import inspect
from importlib import resources

import attrs
import pytest

import chipcontrols as cc
from chipcontrols import errors
from chipcontrols import model as m

TOP_LEVEL = [
    "Basis",
    "Change",
    "Chip",
    "ChipControlsError",
    "Classification",
    "Grid",
    "History",
    "Level",
    "Requirement",
    "Rulebook",
    "Status",
    "__version__",
    "bundled",
    "chip",
    "chips",
    "classify",
    "country",
    "diff",
    "events",
    "explain_classification",
    "grid",
    "history",
    "load",
    "months",
    "revisions",
    "status_at",
]

MODEL = [
    "Instrument",
    "Provision",
    "ItemScope",
    "DestinationScope",
    "PartyScope",
    "Cap",
    "Condition",
    "License",
    "Tier",
    "Citation",
    "Source",
    "FigureSource",
    "Disputed",
    "Chip",
    "Throughput",
    "Market",
    "Country",
    "CountryAlias",
    "CountryGroup",
    "Membership",
    "GroupChange",
    "Merge",
    "AmbiguousName",
    "CriteriaVersion",
    "Paragraph",
    "Exclusion",
    "Threshold",
    "Rescission",
    "Suspension",
    "NonEnforcement",
    "Replacement",
    "ScopeChange",
    "ReviewPolicyChange",
    "ExceptionChange",
    "ComplianceDelay",
    "Record",
    "RecordInfo",
    "Caveat",
    "Ground",
    "ScheduledChange",
    "FieldChange",
    "Period",
    "HistoryEntry",
    "Revision",
    "Revisions",
    "Events",
    "TestResult",
    "Stamp",
    "CacheInfo",
    "Basis",
    "Level",
    "Requirement",
    "ReviewPolicy",
    "LicenseException",
    "CaveatKind",
    "InstrumentKind",
    "Confidence",
    "Grade",
    "Release",
    "ChipCategory",
    "Spec",
    "Op",
]

#: The top-level functions that ask the bundled rulebook.
ASKED_OF_THE_BUNDLED_RECORD = [
    "status_at",
    "history",
    "diff",
    "revisions",
    "grid",
    "classify",
    "explain_classification",
    "events",
    "chip",
    "country",
]


class TestTopLevel:
    def test_all_is_small(self):
        """The top level holds at most 30 names."""
        assert len(cc.__all__) <= 30

    def test_all_sorted_and_complete(self):
        """__all__ is sorted, and every name in it exists."""
        assert list(cc.__all__) == sorted(cc.__all__)
        for name in cc.__all__:
            assert hasattr(cc, name), name

    def test_all_holds_the_documented_names(self):
        """The top level holds the questions, the answers and the few types a question takes."""
        assert [name for name in TOP_LEVEL if name not in cc.__all__] == []

    @pytest.mark.parametrize(
        "gone", ["instruments", "Coverage", "Bound", "ClassificationVersion", "RECORD_FIELDS", "HISTORY_FIELDS"]
    )
    def test_names_moved_away(self, gone):
        """Names that moved to chipcontrols.model, the bundled rulebook or private tables are not at the top."""
        assert gone not in cc.__all__ and not hasattr(cc, gone)

    def test_public_names_documented(self):
        """Every public callable and class of the top level has a docstring."""
        for name in cc.__all__:
            obj = getattr(cc, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                assert obj.__doc__ and obj.__doc__.strip(), name

    def test_top_level_types_are_the_models(self):
        """The types at the top level are the model's own, not copies."""
        assert (cc.Chip, cc.Basis, cc.Level, cc.Requirement) == (m.Chip, m.Basis, m.Level, m.Requirement)


class TestModel:
    def test_model_names(self):
        """chipcontrols.model holds the record's vocabulary and the parts of an answer."""
        missing = [name for name in MODEL if name not in m.__all__]
        assert missing == []
        assert list(m.__all__) == sorted(m.__all__)
        for name in m.__all__:
            assert hasattr(m, name), name

    def test_renamed_model_names(self):
        """Renamed types exist only under their new names."""
        for old in ("ClassificationVersion", "Bound", "Coverage"):
            assert not hasattr(m, old)
        assert "threshold" in {f.name for f in attrs.fields(m.TestResult)}

    def test_model_names_documented(self):
        """Every class of the model has a docstring."""
        for name in m.__all__:
            obj = getattr(m, name)
            if inspect.isclass(obj):
                assert obj.__doc__ and obj.__doc__.strip(), name

    def test_every_error_is_a_library_and_a_builtin_error(self):
        """Every error is a ChipControlsError and also the built-in exception that matches its meaning."""
        for name in errors.__all__:
            cls = getattr(errors, name)
            if cls is errors.RecordProblem:
                continue
            assert issubclass(cls, errors.ChipControlsError), name
            assert cls is errors.ChipControlsError or any(
                b.__module__ == "builtins" and b is not Exception for b in cls.__mro__[1:]
            ), name
        assert issubclass(errors.InvalidTypeError, TypeError) and issubclass(errors.InvalidValueError, ValueError)
        assert issubclass(errors.InvalidSpecificationError, errors.InvalidValueError)
        assert issubclass(errors.UnknownIdError, errors.InvalidArgumentError)
        assert issubclass(errors.UnknownIdError, LookupError)
        assert issubclass(errors.UndeterminedAnswerError, LookupError)


class TestTopLevelFunctions:
    @pytest.mark.parametrize("name", ASKED_OF_THE_BUNDLED_RECORD)
    def test_same_signature_and_doc_as_the_method(self, name):
        """Each top-level question has the method's signature without ``self`` and the method's documentation."""
        function, method = getattr(cc, name), getattr(cc.Rulebook, name)
        params = list(inspect.signature(method).parameters.values())
        assert params[0].name == "self"
        assert inspect.signature(function) == inspect.signature(method).replace(parameters=params[1:])
        assert function.__doc__ == method.__doc__ and function.__doc__
        assert function.__name__ == name and function.__module__ == "chipcontrols"

    def test_top_level_functions_ask_the_bundled_record(self):
        """A top-level question gets the bundled rulebook's answer."""
        assert cc.status_at("2025-06-01", "H20", "CN") == cc.bundled().status_at("2025-06-01", "H20", "CN")
        assert cc.classify("H100", "2024-01-01") == cc.bundled().classify("H100", "2024-01-01")
        assert cc.chip("h-20") is cc.bundled().chip("H20")


def test_py_typed():
    """The package ships its typing marker."""
    assert (resources.files("chipcontrols") / "py.typed").is_file()


def test_entry_point_registers_types():
    """st.from_type works for chipcontrols types through the Hypothesis plugin."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=5, deadline=None)
    @given(st.from_type(m.Chip), st.from_type(m.Country))
    def check(chip, country):
        assert isinstance(chip, m.Chip) and isinstance(country, m.Country)

    check()
