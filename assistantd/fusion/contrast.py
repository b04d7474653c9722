"""What is meant beside what is ruled out or complained about: "not the kitchen, the living room lights, turn
those on", "I said the floor lamp on, not the big light", "leave the counter lights alone, just the kitchen
light off", "why is the garage door still open, shut it", "it's 2am, why is the play corner light on, turn it
off". The clauses that only rule something out are left out, and a pronoun in the command stands for the
thing the complaint before it names; what is left is read as any other words (combined.py takes it only where
the grammar reads it exactly)."""

from __future__ import annotations

import re

from assistantd.text import normalize, strip_fillers

_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:!?]+|\.(?:\s+|$)|\s[-\u2013\u2014]+\s)\s*")
_RULED_OUT = re.compile(
    r"^(?:(?:no|oh|and|but|just|so) )*(?:not|rather than|instead of) "
    r"(?!(?:so|too|very|really|quite|yet|now|sure|me|you|again|working|right)\b)\S"
)
"""A clause that names only what is not meant: "not the kitchen", "not red", "not the weather in london"."""
_LEFT_ALONE = re.compile(
    r"^(?:(?:please|just|and|but|so) )?(?:(?:dont|do not) (?:touch|bother with|worry about|do)"
    r" (?!(?:it|that|them)$).+"
    r"|leave .+ (?:alone|be|as (?:it|they) (?:is|are))"
    r"|.+ (?:is|are) (?:fine|ok|okay|alright|all right|good)(?: as (?:it|they) (?:is|are))?)$"
)
"""A clause that leaves something as it is: "don't touch the garage light", "leave the counter lights alone",
"the kitchen lights are fine"."""
_COMPLAINT = re.compile(
    r"^(?:(?:oh|so|and|but|ugh|seriously) )*(?:why (?:is|are)|how come|who left|it is) (?P<thing>.+?) "
    r"(?:(?:that|which) )?(?:(?:is|are) )?(?:still |left |always )?"
    r"(?:on|off|open|closed|shut|unlocked|locked|running|playing)\b"
)
"""A complaint that names the thing the command after it is about: "why are the living room curtains still
open", "how come the telly is on", "it's the garage lights that are still on"."""
_STANDS_FOR = re.compile(r"\b(?:it|them|they|that|those|these)(?: one| ones)?\b")
_INTERJECTIONS = frozenset(
    "oh ah ugh wait hang on no nope nah ok okay yes yeah so um uh er well hmm just".split()
)
"""Words that leave nothing to read when they are all that is kept ("oh wait, no, don't worry about it")."""
_AGAIN = re.compile(r"^(?:no )?i (?:said|asked for|wanted|told you(?: to)?|meant) ")
"""A command said again after it was misunderstood: "I said the FLOOR lamp on"."""


def contrasted(text: str) -> list[str]:
    """The words with the clauses that rule out or leave alone taken out, and the pronoun of a command after a
    complaint replaced by what the complaint names; [] where there is nothing of the kind."""
    clauses = [normalize(clause) for clause in _CLAUSE_BREAK.split(text) if clause and normalize(clause)]
    kept = [clause for clause in clauses if not (_RULED_OUT.match(clause) or _LEFT_ALONE.match(clause))]
    if len(kept) > 1 and kept[0] in ("no", "nope", "nah", "no no"):  # "no, I said the floor lamp on"
        kept = kept[1:]
    kept = [_AGAIN.sub("", clause) for clause in kept]
    meant: list[str] = []
    if kept != clauses and set(" ".join(kept).split()) - _INTERJECTIONS:
        meant.append(", ".join(kept))
    for index, clause in enumerate(clauses[:-1]):
        found = _COMPLAINT.match(strip_fillers(clause, asides=True))
        after = clauses[index + 1 :]
        if found is None or len(after) != 1 or not _STANDS_FOR.search(after[0]):
            continue
        meant.append(_STANDS_FOR.sub(found["thing"], after[0], count=1))
    return meant
