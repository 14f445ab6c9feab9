"""Starting a project of one's own: `kg init DIR`.

A project is a folder with ontology/ and sources/ (kg.settings.find_project
finds it from the working directory). A new one gets the ontology and shapes of
an existing project (they are what the code reads classes and properties from)
and empty sources, so that `kg build` succeeds at once and each article and
curated fact added afterwards shows up in the next build.
"""

from __future__ import annotations

from pathlib import Path

from kg import atomic
from kg.errors import KgError, at
from kg.settings import find_project, is_project

ONTOLOGY_FILES = ("silkroad.ttl", "shapes.ttl")

ENTITIES_TEMPLATE = """\
# The registry: every entity the curated facts name, with its class and every name the sources use.
#   - id: person/jane-doe            # KIND/slug
#     type: Official                 # a class of ontology/silkroad.ttl
#     label: Jane Doe
#     aliases: [Ms Doe]
[]
"""

MERGES_TEMPLATE = """\
# Reviewed merge decisions (kg dedupe same|different A B).
[]
"""

README_TEMPLATE = """\
# {name}

A silkroad-kg graph project.

* `sources/articles/`: the documents (`kg ingest FILE --date YYYY-MM-DD` adds one)
* `sources/curated/entities.yaml`: the registry; `sources/curated/facts/SLUG.yaml`: curated claims
* `ontology/`: the classes, properties and shapes

`kg build` builds the graph into `dist/`; `kg query --list` lists the named queries.
"""


def package_project() -> Path | None:
    """The checkout this package was installed from, when it is a project (an editable install)."""
    here = Path(__file__).resolve().parent.parent
    return here if is_project(here) else None


def init_project(target: Path, template: Path | None = None) -> list[Path]:
    """Make `target` a new, empty project; returns the files written.

    The ontology comes from `template`, else the project around the working directory,
    else the checkout of this package. Refuses a folder that already holds a project's parts.
    """
    origin = template or find_project(Path.cwd()) or package_project()
    if origin is None or not all((origin / "ontology" / name).is_file() for name in ONTOLOGY_FILES):
        raise KgError("no ontology to start from: give --from PROJECT (a folder with ontology/silkroad.ttl)")
    if target.exists() and not target.is_dir():
        raise KgError("exists and is not a folder", at(target))
    taken = [part for part in ("ontology", "sources") if (target / part).exists()]
    if taken:
        raise KgError(f"already has {' and '.join(p + '/' for p in taken)}: not overwriting a project", at(target))
    written: list[Path] = []

    def write(relative: str, text: str) -> None:
        atomic.write_text(target / relative, text)
        written.append(target / relative)

    for name in ONTOLOGY_FILES:
        write(f"ontology/{name}", (origin / "ontology" / name).read_text(encoding="utf-8"))
    (target / "sources" / "articles").mkdir(parents=True)
    (target / "sources" / "curated" / "facts").mkdir(parents=True)
    write("sources/curated/entities.yaml", ENTITIES_TEMPLATE)
    write("sources/curated/merges.yaml", MERGES_TEMPLATE)
    if not (target / ".gitignore").exists():
        write(".gitignore", "dist/\n")
    if not (target / "README.md").exists():
        write("README.md", README_TEMPLATE.format(name=target.resolve().name))
    return written

