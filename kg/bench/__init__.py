"""Benchmarks: synthetic graphs in our ontology, timed against plain rdflib (`kg bench`)."""
