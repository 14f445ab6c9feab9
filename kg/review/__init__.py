"""Review: extracted candidates wait in a queue until a curator decides on each of them.

    queue.py     the queue and rejected files, and the queue as extracted claims for `kg build`
    yamledit.py  line-level edits of the curated YAML (a claim appended, an entity or alias added)
    write.py     the one checked write every decision goes through (lock, compare, check, rename, undo)
    decide.py    accept, reject, link, edit: what each decision changes in which file
    present.py   a candidate as a reviewer reads it: a sentence, and the entities each name may be
    web/         `kg review --web`: the review page (a thin shell over decide and present)
"""

from kg.review.queue import (ENTITY_METHOD, FUNCTIONAL, QUEUE_HEADER, REJECTED_HEADER, Conflict, Queue, candidate,
                             find_conflicts, item_id, load_queue_for_build, queue_file, read_items, rejected_file,
                             review_dir, term_text, write_items)

__all__ = [
    "ENTITY_METHOD", "FUNCTIONAL", "QUEUE_HEADER", "REJECTED_HEADER", "Conflict", "Queue", "candidate",
    "find_conflicts", "item_id", "load_queue_for_build", "queue_file", "read_items", "rejected_file", "review_dir",
    "term_text", "write_items",
]
