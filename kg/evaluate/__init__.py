"""Measuring extraction: leave-one-out on the seed articles (seeds.py, `kg eval`) and against the gold
facts of a corpus it has never seen (corpus.py, `kg eval --corpus DIR --gold DIR`)."""

from kg.evaluate.score import Score
from kg.evaluate.seeds import Report, evaluate, names_match, time_extraction

__all__ = ["Report", "Score", "evaluate", "names_match", "time_extraction"]
