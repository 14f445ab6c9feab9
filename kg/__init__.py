"""silkroad-kg: a sourced knowledge graph of Silk Road e-commerce actors.

The Python API is the product; `kg.cli` and `kg.server` are thin shells over it.
Data flows one way: sources -> claims (curated or extracted) -> graph -> store
-> queries, views, exports.
"""

__version__ = "0.1.0"
