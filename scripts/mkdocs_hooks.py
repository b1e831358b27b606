"""Build helpers for the documentation site; mkdocs.yml names this file twice.

- A griffe extension, ``DocstringMarkdown``, for the API reference: docstrings are written for
  doctest and Sphinx, and mkdocstrings reads them as Markdown. Each run of ``>>>`` examples
  becomes a fenced ``pycon`` block (Markdown would read ``>>>`` as nested quotes, and list
  indexing in them as reference links), and Sphinx roles such as ``:meth:`Rulebook.grid```
  become cross-references resolved from the object's scope.
- An MkDocs hook, ``on_page_markdown``: the source grades of docs/record.md and docs/catalogue.md
  (``[P] [title](url)``) are escaped, so that ``[P] [title]`` is not read as a reference link
  and the link after it survives.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|data|attr|mod|exc|obj):`(~?)([\w.]+)`")
_DOCTEST_FLAGS = re.compile(r"\s*#\s*doctest:.*$")
_GRADE = re.compile(r"(?<!\\)\[([A-Z])\] (?=\[)")


def _fence_examples(text: str) -> str:
    """Wrap each doctest example (``>>>`` to the next blank line) in a ``pycon`` fence."""
    out: list[str] = []
    fence: str | None = None  # the indentation of the open example's fence
    in_code = False  # inside a fence written in the docstring itself
    for line in text.split("\n"):
        stripped = line.strip()
        if fence is not None:
            if not stripped:
                out.extend([fence + "```", ""])
                fence = None
                continue
            out.append(_DOCTEST_FLAGS.sub("", line) if stripped.startswith((">>>", "...")) else line)
            continue
        if stripped.startswith("```"):
            in_code = not in_code
        elif not in_code and stripped.startswith(">>>"):
            fence = line[: len(line) - len(line.lstrip())]
            if out and out[-1].strip():
                out.append("")
            out.extend([fence + "```pycon", _DOCTEST_FLAGS.sub("", line)])
            continue
        out.append(line)
    if fence is not None:
        out.append(fence + "```")
    return "\n".join(out)


def _crossref(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"[`{target.rsplit('.', 1)[-1] if short else target}`][{target}]"


class DocstringMarkdown(griffe.Extension):
    """Doctest examples as code blocks, Sphinx roles as cross-references."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _ROLE.sub(_crossref, _fence_examples(obj.docstring.value))


def on_page_markdown(markdown: str, *, page: Any, **kwargs: Any) -> str:
    """Escape the source grades in docs/record.md and docs/catalogue.md."""
    if page.file.src_uri in ("record.md", "catalogue.md"):
        return _GRADE.sub(r"\\[\1\\] ", markdown)
    return markdown
