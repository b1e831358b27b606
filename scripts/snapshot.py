"""Write the snapshot of the whole record: every catalogue chip x every country, each change.

    python scripts/snapshot.py            # writes tests/record/snapshot/record.txt
    python scripts/snapshot.py --check    # exits 1 if the committed snapshot differs

For each chip, destinations whose histories are identical are listed together; each line
is a period start (a change date) and the regime from then on, on the enforced basis, as
known today. Review the diff of this file whenever the data changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import chipcontrols as cc

OUT = Path(__file__).resolve().parent.parent / "tests" / "record" / "snapshot" / "record.txt"
FIELDS = (
    "requirement",
    "review_policy",
    "exceptions",
    "classification",
    "tier",
    "licenses",
    "citations",
    "determinate",
)


def render() -> str:
    book = cc.bundled()
    lines = [f"# chipcontrols record {book.info.version}: snapshot by scripts/snapshot.py (enforced basis)"]
    for chip in book.chips:
        groups: dict[tuple[str, ...], list[str]] = {}
        for country in book.countries():
            rows = []
            for e in book.history(chip, country, by=FIELDS):
                s = e.status
                rows.append(
                    f"  {e.period.start} {s.level.value}"
                    + (f" policy={s.review_policy.value}" if s.review_policy else "")
                    + (f" exceptions={','.join(x.value for x in s.exceptions)}" if s.exceptions else "")
                    + (f" class={s.classification}" if s.classification else "")
                    + (f" tier={s.tier}" if s.tier else "")
                    + (f" licences={','.join(lic.id for lic in s.licenses)}" if s.licenses else "")
                    + ("" if s.determinate else " UNDETERMINED")
                    + (f" [{'; '.join(s.citations)}]" if s.citations else "")
                )
            groups.setdefault(tuple(rows), []).append(country.code)
        lines.append("")
        lines.append(f"## {chip.name}")
        for rows, codes in sorted(groups.items(), key=lambda kv: (len(kv[1]) < 5, kv[1][0])):
            lines.append(f"{' '.join(codes)}:")
            lines.extend(rows)
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(
                "tests/record/snapshot/record.txt differs: run python scripts/snapshot.py and review the diff",
                file=sys.stderr,
            )
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
