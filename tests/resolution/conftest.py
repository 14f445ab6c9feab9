"""A project copy with a real duplicate: "Yongtu Long", a second entity for Long Yongtu, with its own fact."""

from __future__ import annotations

import pytest

from kg.settings import Settings

DUPLICATE = """
- id: person/yongtu-long
  type: Official   # test duplicate: Long Yongtu with the given name first
  label: Yongtu Long
  aliases: [Mr. Long]
"""

# "According to Mr Yongtu, exports make imports necessary." is in the cleaned SCO article.
EXTRA_CLAIM = """
  - quote: "According to Mr Yongtu, exports make imports necessary."
    facts:
      - [person/yongtu-long, participatedIn, event/gcbec-2021]
"""


@pytest.fixture
def duplicated(project: Settings) -> Settings:
    with (project.curated_dir / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(DUPLICATE)
    facts = project.curated_dir / "facts" / "sco-secretary-general-gcbec-2021.yaml"
    with facts.open("a", encoding="utf-8") as handle:
        handle.write(EXTRA_CLAIM)
    return project
