"""`kg validate`: SHACL problems in plain words, pointing at the curated line behind each."""

from __future__ import annotations

import json

from rdflib import Literal, URIRef

from kg.build import assemble_inputs, load_inputs
from kg.claims import Claim
from kg.namespaces import SRK, Ids
from kg.validate import validate
from tests.conftest import run_kg

FACTS = "sources/curated/facts"
POST_FILE = f"{FACTS}/sco-secretary-general-gcbec-2021.yaml"
STAT_FILE = f"{FACTS}/unossc-china-seminar-cbec-2023.yaml"
STAT = "statistic/countries-with-ecommerce-cooperation-mechanisms-with-china-2023-07"
POST_IN = "      - [post/sco-secretary-general, postIn, org/sco]\n"
AS_OF = f"      - [{STAT}, asOf, 2023-07]\n"


def line_of(path, text: str) -> int:  # type: ignore[no-untyped-def]
    return path.read_text(encoding="utf-8").splitlines().index(text.rstrip("\n")) + 1


def break_project(project) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A second organisation for the SCO's post, and the July 2023 statistic without its date."""
    post_file, stat_file = project.root / POST_FILE, project.root / STAT_FILE
    second = "      - [post/sco-secretary-general, postIn, org/mofcom]\n"
    post_file.write_text(post_file.read_text(encoding="utf-8").replace(POST_IN, POST_IN + second, 1), encoding="utf-8")
    stat_file.write_text(stat_file.read_text(encoding="utf-8").replace(AS_OF, ""), encoding="utf-8")
    return {"postIn": line_of(post_file, POST_IN), "second postIn": line_of(post_file, second),
            "statistic": line_of(stat_file, f"  - id: {STAT}")}


def test_the_seed_data_conforms(project) -> None:  # type: ignore[no-untyped-def]
    done = run_kg("validate", settings=project)
    assert done.code == 0, done.stdout + done.stderr
    assert "0 SHACL violations" in done.stderr


def test_violations_name_the_entity_the_problem_and_the_curated_line(project) -> None:  # type: ignore[no-untyped-def]
    lines = break_project(project)
    done = run_kg("validate", settings=project)
    assert done.code == 2
    out = done.stdout.splitlines()
    [post] = [line for line in out if "(postIn)" in line]
    assert post.startswith(f"{POST_FILE}:{lines['postIn']}: Post ")
    assert '"Secretary-General of the Shanghai Cooperation Organisation"' in post
    assert "exactly one organisation" in post
    assert "Ministry of Commerce" in post and f"{POST_FILE}:{lines['second postIn']}" in post
    # No asOf fact left: the line that declares the statistic is where to add it.
    [stat] = [line for line in out if "(asOf)" in line]
    assert stat.startswith(f"{STAT_FILE}:{lines['statistic']}: Statistic ")
    assert "July 2023" in stat and "as-of date" in stat and "found: none" in stat


def test_json_output_carries_the_same_locations(project) -> None:  # type: ignore[no-untyped-def]
    lines = break_project(project)
    done = run_kg("validate", "--json", settings=project)
    assert done.code == 2
    found = {(v["path"], v["location"]) for v in json.loads(done.stdout)}
    assert ("postIn", f"{POST_FILE}:{lines['postIn']}") in found
    assert ("asOf", f"{STAT_FILE}:{lines['statistic']}") in found


def test_a_claim_record_problem_names_the_claims_own_line(project) -> None:  # type: ignore[no-untyped-def]
    ids = Ids(project.base_iri)
    inputs = load_inputs(project)
    quote = "Vladimir Norov"
    start = inputs.sources["sco-secretary-general-gcbec-2021"].find(quote)
    bad = Claim(URIRef(ids.entity("person/vladimir-norov")), SRK.description, Literal("x"),
                "sco-secretary-general-gcbec-2021", quote, start, start + len(quote), method="a-rule",
                confidence=1.5, origin="review/accepted.yaml#L7")  # confidence must be within 0..1
    graphs = assemble_inputs(inputs, project, (bad,))
    violations = validate(graphs, project.shapes_file, inputs.ontology.graph, inputs.entities, ids)
    [problem] = [v for v in violations if v.path == "confidence"]
    assert problem.origin == "review/accepted.yaml#L7"
    assert str(problem).startswith("review/accepted.yaml:7: ")


def test_a_post_in_no_organisation_is_named_at_its_registry_line(project) -> None:  # type: ignore[no-untyped-def]
    """PostShape's node-level sh:xone (in one organisation or at one event or event series): no property to
    name, so the line names the constraint, and points at the registry entry of the post."""
    entities = project.root / "sources/curated/entities.yaml"
    with entities.open("a", encoding="utf-8") as handle:
        handle.write("- id: post/orphan-post\n  type: Post\n  label: Orphan Secretary\n")
    declared = line_of(entities, "- id: post/orphan-post")
    post_file = project.root / POST_FILE
    post_file.write_text(post_file.read_text(encoding="utf-8").replace(
        "claims:\n", "claims:\n  - quote: \"Secretary-General\"\n    mentions: [post/orphan-post]\n", 1), encoding="utf-8")
    done = run_kg("validate", settings=project)
    assert done.code == 2, done.stdout + done.stderr
    [orphan] = [line for line in done.stdout.splitlines() if "Orphan Secretary" in line]
    assert orphan == (f'sources/curated/entities.yaml:{declared}: Post "Orphan Secretary" (exactly one of postIn, '
                      "postAt): A post must be in exactly one organisation (org:postIn) or at one event or event series "
                      "(srk:postAt) [found: none]")
