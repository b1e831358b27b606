"""Write docs/schema/<name>.json: the JSON Schema of each answer's JSON form.

The files are what ``chipcontrols.serialization.json_schema(name)`` returns; the service's
OpenAPI document embeds the same schemas. ``--check`` exits 1 if a file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from chipcontrols._schema import SCHEMAS
from chipcontrols.serialization import json_schema

OUT = Path(__file__).resolve().parent.parent / "docs" / "schema"


def render() -> dict[str, str]:
    """Each file's name and text."""
    return {f"{name}.json": json.dumps(json_schema(name), indent=2, sort_keys=True) + "\n" for name in sorted(SCHEMAS)}


def main() -> int:
    files = render()
    if "--check" in sys.argv:
        stale = [n for n, text in files.items() if not (OUT / n).is_file() or (OUT / n).read_text("utf-8") != text]
        extra = sorted(p.name for p in OUT.glob("*.json") if p.name not in files) if OUT.is_dir() else []
        if stale or extra:
            names = ", ".join(stale + extra)
            print(f"docs/schema is stale ({names}): run python scripts/generate_schemas.py", file=sys.stderr)
            return 1
        return 0
    OUT.mkdir(exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
