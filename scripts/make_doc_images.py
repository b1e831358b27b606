"""Draw the illustrations of docs/plots.md into docs/images/ (needs the plot extra).

python scripts/make_doc_images.py

Run it after a change to the plots or to the record, and review the images before
committing them. They are saved with a reduced palette to stay small.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from PIL import Image

import chipcontrols as cc
from chipcontrols.plots import plot_heatmap, plot_regime, plot_revisions

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
DPI = 100


def save(ax: Axes, name: str) -> Path:
    """Save the axes' figure as an optimised PNG with at most 64 colours."""
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(ax.figure)
    buffer.seek(0)
    with Image.open(buffer) as img:
        small = img.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
        path = OUT / name
        small.save(path, optimize=True)
    return path


def main() -> None:
    matplotlib.use("Agg")
    OUT.mkdir(parents=True, exist_ok=True)
    written = [
        save(plot_regime("H100", ["CN", "AE", "SA"]), "regime-h100.png"),
        save(
            plot_heatmap("H200", ["CN", "HK", "MO", "AE", "SA", "QA"], dates=cc.months("2022-01-01", "2026-11-01")),
            "heatmap-h200.png",
        ),
        save(plot_revisions("H200", "CN", start="2024-01-01"), "revisions-h200.png"),
    ]
    for path in written:
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
