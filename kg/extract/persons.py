"""Person names and the titles and speech verbs around them: an honorific or a title before a name,
an apposition after it ("Li Wei, director of ..."), a speaker ("said Li Wei")."""

from __future__ import annotations

import re

from kg.extract.gazetteer import class_of_name, known_places
from kg.extract.mention import Mention
from kg.extract.text import HONORIFICS, Span, normalise

TITLE_WORDS = (
    "President", "Vice President", "Vice-President", "Secretary-General", "Secretary General", "Secretary of State",
    "Under-secretary of State", "Under-Secretary of State", "Minister of State", "Secretary",
    "Director-General", "Director General", "Director", "Deputy Director", "Minister", "Vice Minister",
    "Chairman", "Chairwoman", "Chair", "Chairperson", "co-chairman", "Co-chairman", "Manager", "Principal", "Dean",
    "Executive Dean", "Representative", "Ambassador", "Member", "Head", "Chief", "Editor", "Reporter", "Governor",
    "Mayor", "Deputy", "CEO", "Officer", "Commissioner", "Spokesperson", "Spokesman", "Founder", "Professor",
    "Coordinator", "Adviser", "Advisor", "Consul", "Premier", "Counsellor", "Counselor", "Intern", "Administrator",
)
_TITLE = r"(?:%s)" % "|".join(sorted((re.escape(t) for t in TITLE_WORDS), key=len, reverse=True))
TITLE_RE = re.compile(rf"\b(?i:(?:deputy|vice|executive|chief|senior|general|assistant|permanent|acting|first|"
                      rf"project|office|co-)[\s-]*)*(?i:{_TITLE})s?\b")
SPEECH_VERBS = r"(?:said|says|noted|stressed|highlighted|emphasi[sz]ed|underlined|underscored|pointed out|explained|" \
               r"added|told|remarked|observed|introduced|opened|greeted|welcomed|urged|called|stated|announced|" \
               r"believes|concluded|delivered|addressed)"
_HONORIFIC = r"(?:%s)" % "|".join(re.escape(h.capitalize()) for h in HONORIFICS if " " not in h)
_NAME = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?"
_PERSON_RES = (
    ("honorific", 0.9, re.compile(rf"\b{_HONORIFIC}\.?\s+(?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})")),
    ("title-name", 0.8, re.compile(rf"{TITLE_RE.pattern}\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})\b")),
    ("apposition", 0.75, re.compile(rf"(?:^|(?<=[\s(“\"]))(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}}),\s+"
                                    rf"(?:an?\s+|the\s+)?(?:[a-z-]+\s+){{0,2}}(?:{TITLE_RE.pattern}|resident|"
                                    r"executive|member|student|expert|founder)")),
    ("speaker", 0.7, re.compile(rf"\b(?:{SPEECH_VERBS}|according to|According to)\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})"
                                r"(?=[,.;\s])")),
    ("speaker", 0.7, re.compile(rf"(?:^|(?<=[\s“\"]))(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})\s+{SPEECH_VERBS}\b")),
    # "Minister Li for Commerce of Laos": a one-word name between a title and its portfolio
    ("title-name-portfolio", 0.75, re.compile(rf"{TITLE_RE.pattern}\s+(?P<name>{_NAME})(?=\s+for\s+[A-Z])")),
    ("byline", 0.6, re.compile(rf"\b(?i:reporter|intern|editor|photographer)\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})")),
)
NOT_NAMES = {"the", "this", "that", "these", "those", "in", "on", "at", "as", "since", "during", "according",
             "referring", "hosted", "initially", "additionally", "among", "through", "for", "it", "he", "she",
             "they", "we", "our", "his", "her", "its", "their", "mr", "ms", "mrs", "dr", "a", "an", "and", "but",
             "if", "so", "not", "with", "by", "from", "to", "of", "after", "before", "while", "when", "where",
             "data", "photo", "chinese", "guided", "building", "containers", "domestic", "many", "more", "one",
             "two", "three", "all", "some", "each", "other", "both", "eleven", "eighteen", "relevant", "cargo",
             "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def find_persons(sentence: Span) -> list[Mention]:
    result = []
    for rule, confidence, pattern in _PERSON_RES:
        for match in pattern.finditer(sentence.text):
            name = match.group("name")
            if name.startswith("State ") and len(name.split()) > 2:  # "... Secretary of State Sok Sopheak"
                name = name[len("State "):]
            words = name.split()
            if words[0].lower() in NOT_NAMES or class_of_name(name) or normalise(words[0]) in known_places() \
                    or any(TITLE_RE.fullmatch(w) for w in words):
                continue
            start = sentence.start + match.end("name") - len(name)
            result.append(Mention(start, start + len(name), name, "Person", None, f"person-{rule}", confidence))
    return result

