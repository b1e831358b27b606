"""The notebook under docs/notebooks runs from top to bottom and shows the library's answers.

It is executed with nbclient (which nbmake drives) in an ipykernel kernel started with this
interpreter, so it needs no kernel installed beforehand: ``pip install ".[test]"`` is enough.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "h20-h100-h200.ipynb"
KERNEL = "chipcontrols-test-python"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    """The notebook, executed in a fresh kernel of this interpreter (an error fails the fixture)."""
    kernels = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(kernels / KERNEL)  # argv: this interpreter, -m ipykernel_launcher
    manager = AsyncKernelManager(
        kernel_name=KERNEL,
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False),
    )
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, km=manager, timeout=120, resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute(cleanup_kc=True)  # shut the kernel down and close its channels afterwards
    return nb


def outputs(nb: nbformat.NotebookNode, source: str) -> list[nbformat.NotebookNode]:
    """The outputs of the one code cell whose source contains ``source``."""
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and source in c.source]
    return list(cell.outputs)


def text(nb: nbformat.NotebookNode, source: str) -> str:
    """What the cell printed, and the plain-text form of its results."""
    parts = []
    for out in outputs(nb, source):
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


def test_stored_without_outputs():
    """The committed notebook carries no outputs: they are made by running it."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata.kernelspec.name == "python3"


def test_runs_cleanly(executed):
    """Every code cell ran, and none wrote an error or a warning."""
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", cell.source
            assert not (out.output_type == "stream" and out.name == "stderr"), out.text


def test_histories_in_china(executed):
    """The histories the narrative describes, as the library printed them (the last period open)."""
    h100 = text(executed, 'show("H100", "CN")')
    assert h100.splitlines() == [
        "[2019-01-01, 2022-08-26)  no-license-required      -",
        "[2022-08-26, 2022-10-21)  license-required         2022-08-nvidia-letter",
        "[2022-10-21, 2026-01-15)  presumption-of-denial    2022-10-advanced-computing-ifr",
        "[2026-01-15, …)  case-by-case             2026-01-h200-review-policy",
    ]
    h200 = text(executed, 'show("H200", "CN"')
    assert "[2026-02-25, …)  case-by-case             2026-02-h200-first-license" in h200
    assert "[licence: nvidia-h200-china]" in h200
    assert h200.splitlines()[-1] == "2023-11-13 3A090.a"
    h20 = text(executed, 'show("H20", "CN"')
    assert h20.splitlines() == [
        "[2019-01-01, 2025-04-09)  no-license-required      -",
        "[2025-04-09, 2025-08-08)  license-required         2025-04-nvidia-h20-letter",
        "[2025-08-08, …)  license-required         2025-08-h20-mi308-licenses  [licence: nvidia-h20-china]",
    ]
    assert text(executed, 'status_at("2025-09-01", "H20", "CN")') == "(True, [('NVIDIA', 0.15)])"
    explained = text(executed, 'status_at("2025-06-01", "H20", "CN").explain()')
    assert "review policy:     not published" in explained
    assert "citations: NVIDIA Form 8-K, 2025-04-15" in explained
    assert "[not-evaluated]" in text(executed, 'status_at("2026-03-01", "H200", "CN").explain()')
    conditions = text(executed, "len(s.conditions)")
    assert conditions.startswith("12 conditions: us-exports-only, end-user-located-in-cn-mo,")
    assert conditions.splitlines()[-1] == "[('not-evaluated', 'presumption-of-denial')]"
    events = text(executed, "EVENTS = ")
    assert events.count("binding: False") == 3


def test_gulf(executed):
    """The Gulf histories, the UAE's undetermined 2026 answer and the AI Diffusion framework on three bases."""
    gulf = text(executed, 'for country in ("AE", "SA"):')
    assert "H20 -> AE\n[2019-01-01, …)  no-license-required      -" in gulf
    assert "H20 -> SA\n[2019-01-01, …)  no-license-required      -" in gulf
    assert "[2023-10-23, 2023-11-17)  license-required         2023-10-nvidia-immediate-notice" in gulf
    assert "[2026-07-10, …)  undetermined             2026-07-uae-favorable-treatment" in gulf
    uae = text(executed, 'status_at("2026-08-01", "H100", "AE").explain()')
    assert "licence required:  undetermined" in uae and "[uncertain-record]" in uae
    assert text(executed, "except UndeterminedAnswerError") == (
        "requirement: undetermined | left open by: ['uncertain-record']\n"
    )
    bases = text(executed, 'for basis in ("legal", "compliance", "enforced")')
    for country in ("SA", "AE"):
        assert f"{country} legal      license-exception Tier 2 ['LPP']" in bases
        assert f"{country} enforced   presumption-of-approval None []" in bases
        assert f"{country} as known on 2025-02-01, enforced: license-exception Tier 2" in bases


def test_plots_and_table(executed):
    """Three regime plots and a heatmap are drawn as images; the table has one row per chip and destination."""
    regime = outputs(executed, "plot_regime(chip, PLACES")
    assert sum("image/png" in o.get("data", {}) for o in regime) == 3
    heatmap = outputs(executed, 'plot_heatmap("H200"')
    assert sum("image/png" in o.get("data", {}) for o in heatmap) == 1
    table = text(executed, "to_dataframe()")
    assert table.count("presumption-of-denial") >= 4
    assert "2026-09-01" in table and "T00:00:00" not in table  # the columns are days
    (html,) = [o.data["text/html"] for o in outputs(executed, "to_dataframe()") if "text/html" in o.get("data", {})]
    assert html.split("<tbody>")[1].count("<tr>") == 9  # one row per chip and destination
